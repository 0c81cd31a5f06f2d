#include "duration_flag.hpp"
#include "infractl/app/history.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_rollback(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<RollbackCommandOptions>();
    sub.add_option_function<int>(
           "--to", [opts](const int& n) { opts->to = n; },
           "The history entry to go back to (its #); default: the one before the latest")
        ->check(CLI::PositiveNumber);
    sub.add_flag("--dry-run", opts->dry_run, "Print the plan and change nothing");
    sub.add_option("--parallel", opts->parallel, "Engine operations in flight at once")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    sub.add_flag("--wait", opts->wait, "Return when every service is healthy (or running, or completed)");
    add_duration(sub, "--wait-timeout", opts->wait_timeout, "Give up waiting after this long");
    add_duration(sub, "--lock-timeout", opts->lock_timeout, "Wait this long for another infractl on this stack");
    sub.add_flag("-q,--quiet", opts->quiet, "Print only errors");
    return [&g, opts] { return run_rollback(g, *opts); };
}

}  // namespace infractl::cli
