#include "infractl/app/attach.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_exec(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<ExecCommandOptions>();
    sub.add_option("project", opts->project, "Project ('global' for the globals)")->required();
    sub.add_option("service", opts->service, "Service of the project")->required();
    sub.add_option("command", opts->command, "The command and its arguments, after -- (default: sh)");
    sub.add_option_function<int>(
           "--replica", [opts](int n) { opts->replica = n; }, "Run in this replica (default: the lowest running)")
        ->check(CLI::PositiveNumber);
    sub.add_flag("-T,--no-tty", opts->no_tty, "No TTY, even when stdin and stdout are terminals");
    return [&g, opts] { return run_exec(g, *opts); };
}

}  // namespace infractl::cli
