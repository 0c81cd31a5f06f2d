#pragma once
// The database a `backup` or `restore` acts on, found once per command: a
// running replica of a PostgreSQL service (tools run there through exec),
// or the managed endpoint the profile names (tools run on this host with
// the URL in their environment).
#include <memory>
#include <string>
#include <vector>

#include "infractl/app/session.hpp"
#include "infractl/backup/pg_commands.hpp"
#include "pg_tool.hpp"

namespace infractl {

class DatabaseTarget {
public:
    virtual ~DatabaseTarget() = default;
    // "turfoo/postgres#1 (turfoo-postgres)", "turfoo/postgres (managed:
    // postgresql://u:(sensitive)@h:5432/db)"
    virtual std::string where() const = 0;
    virtual PgTarget database() const = 0;
    virtual std::unique_ptr<PgTool> start(const std::vector<std::string>& argv, bool with_stdin,
                                          PgTool::Sink on_stdout) = 0;
};

// Throws Error(invalid_input) for an unknown project or service,
// Error(refused) for a service that is not PostgreSQL, one with no running
// replica, or a non-docker backend.
std::unique_ptr<DatabaseTarget> locate_database(Session& s, const std::string& project,
                                                const std::string& service);

}  // namespace infractl
