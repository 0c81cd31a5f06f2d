#pragma once
// One run of pg_dump, pg_restore or psql for `backup` and `restore`: in a
// container of the service (the engine's exec, hijack.hpp) or, for a managed
// endpoint, on this host (postgresql-client-15). Either way the caller feeds
// stdin with write(), gets stdout as it comes through the sink it gave, and
// reads the (bounded) stderr when the tool failed.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "infractl/engine/docker_engine.hpp"

namespace infractl {

class PgTool {
public:
    using Sink = std::function<void(std::string_view)>;
    virtual ~PgTool() = default;
    // Sends `data` to stdin, reading the output meanwhile (a tool that
    // writes while it reads never stalls). False when the tool already
    // ended: stop feeding it, finish() tells how it ended.
    virtual bool write(std::string_view data) = 0;
    // Closes stdin, reads the output to its end, returns the exit code.
    virtual int finish() = 0;
    // The last 64 KiB of stderr.
    const std::string& stderr_text() const { return err_; }

protected:
    void keep_stderr(std::string_view s);
    std::string err_;
};

// Runs `cmd` in the container (exec, no TTY). With `with_stdin` false the
// process reads end of file at once.
std::unique_ptr<PgTool> start_exec_tool(DockerEngine& engine, const std::string& container_id,
                                        const std::string& what, const std::vector<std::string>& cmd,
                                        bool with_stdin, PgTool::Sink on_stdout);

// Runs `argv` on this host (argv[0] looked up in PostgreSQL 15's bindir,
// then PATH) with `env` added to this process's environment: the only way
// a password reaches it (never argv, which `ps` shows).
std::unique_ptr<PgTool> start_host_tool(const std::vector<std::string>& argv,
                                        const std::vector<std::pair<std::string, std::string>>& env,
                                        bool with_stdin, PgTool::Sink on_stdout);

}  // namespace infractl
