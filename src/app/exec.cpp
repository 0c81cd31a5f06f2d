// `infractl exec PROJECT SERVICE [--replica N] [-- CMD...]`: runs a command
// in a running replica, attached; its exit code is infractl's.
#include <unistd.h>

#include <fmt/format.h>

#include "app_support.hpp"
#include "infractl/app/attach.hpp"
#include "infractl/attach/exec_io.hpp"
#include "infractl/attach/targets.hpp"
#include "infractl/engine/docker_exec.hpp"

namespace infractl {

ExitCode run_exec(const GlobalOptions& g, const ExecCommandOptions& o) {
    Session s = Session::open(g);
    if (s.backend_name() != "docker")
        throw Error(ErrorKind::refused, "exec runs in the containers of the docker backend",
                    "for Swarm services use `docker exec` on the node that runs the task");
    Selection sel = check_selection(s.desired(), o.project, o.service, o.replica);
    DockerEngine engine(engine_socket_path(g.host));
    std::vector<Target> targets = select_targets(engine.list_containers(s.stack()), Selection{sel.project, sel.service});
    const Target& target = pick_running(targets, ServiceKey{sel.project, sel.service}, o.replica);

    // A TTY only when both ends are terminals: output sent to a file or a
    // pipe must not carry a terminal's \r\n and escape sequences.
    bool tty = !o.no_tty && ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
    ExecSpec spec{.cmd = o.command.empty() ? std::vector<std::string>{"sh"} : o.command, .tty = tty};
    std::string what = fmt::format("exec in {} ({})", target.label(), target.container);
    std::string exec_id = exec_create(engine, target.id, spec);
    auto conn = exec_start(engine, exec_id, tty, what);

    PumpOptions pump{.tty = tty};
    if (tty) {
        if (auto size = terminal_size(STDOUT_FILENO)) exec_resize(engine, exec_id, size->first, size->second);
        pump.on_resize = [&](int rows, int cols) { exec_resize(engine, exec_id, rows, cols); };
    }
    {
        RawTerminal raw(tty ? STDIN_FILENO : -1);
        pump_exec_stream(*conn, pump);
    }
    return static_cast<ExitCode>(exec_exit_code(engine, exec_id, what));
}

}  // namespace infractl
