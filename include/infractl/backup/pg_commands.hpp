#pragma once
// The pure half of `backup` and `restore` (docs/stateful.md, "Backups and
// restore"): which database of a service they act on, the pg_dump /
// pg_restore command lines, the emptiness check and its refusal, the custom
// archive's magic, and how a managed endpoint's URL becomes libpq's
// environment. No I/O: src/app/backup*.cpp runs what these build.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "infractl/resolve/desired_state.hpp"

namespace infractl {

// The role and database of a PostgreSQL service, from its environment with
// the postgres image's defaults: POSTGRES_USER (default "postgres"),
// POSTGRES_DB (default: the user). Never the password: inside the container
// the tools connect over the local socket, which the image trusts.
struct PgTarget {
    std::string user;
    std::string database;
    friend bool operator==(const PgTarget&, const PgTarget&) = default;
};
PgTarget pg_target_of(const ContainerSpec& spec);

// A service infractl runs from a PostgreSQL image (its image names postgres).
bool is_postgres_service(const DesiredService& s);
// A managed endpoint that is a PostgreSQL URL (postgres:// or postgresql://).
bool is_postgres_url(std::string_view endpoint);

enum class RestoreMode { refuse_non_empty, clean };

// pg_dump in the custom format (-Fc) to stdout.
std::vector<std::string> pg_dump_argv(const PgTarget& t);
// pg_restore from stdin, in one transaction (a failed restore changes
// nothing), without the archive's owners and grants (the target's role
// owns what it restores: a dump of one project restores into another's);
// `clean` adds --clean --if-exists.
std::vector<std::string> pg_restore_argv(const PgTarget& t, RestoreMode mode);

// The census `restore` reads before it writes: the number of tables (plain
// and partitioned) outside the system schemas, and the first three names,
// printed as one line "N|schema.a,schema.b,schema.c".
extern const char* const kTableCensusSql;
struct TableCensus {
    long tables = 0;
    std::vector<std::string> first;  // at most 3, sorted
    friend bool operator==(const TableCensus&, const TableCensus&) = default;
};
// Parses the census line (trailing newline allowed); nullopt when it is not one.
std::optional<TableCensus> parse_table_census(std::string_view text);
// The one-line refusal for a non-empty database without --clean, or nullopt
// when the restore may go on.
std::optional<std::string> restore_refusal(const std::string& where, const std::string& database,
                                           const TableCensus& census, RestoreMode mode);
extern const char* const kRestoreRefusalHint;

// pg_dump's custom archives start with "PGDMP".
inline constexpr std::string_view kCustomArchiveMagic = "PGDMP";
bool is_custom_archive(std::string_view first_bytes);

// A managed endpoint's URL (or key=value conninfo) as the PG* variables
// libpq reads (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE,
// ...), so pg_dump and pg_restore on the host get it through their
// environment and no command line `ps` shows carries the password. Throws
// Error(invalid_input) with libpq's reason when the URL does not parse.
std::vector<std::pair<std::string, std::string>> managed_pg_environment(const std::string& url);
// The role and database a managed URL names (libpq's defaults: the user
// "postgres" when it names none here, the database named like the user).
PgTarget managed_pg_target(const std::string& url);

// "12.5 MiB, 4.1 MiB/s": a byte count and a rate for progress and summaries.
std::string format_bytes(double bytes);
std::string format_transfer(double bytes, double seconds);

}  // namespace infractl
