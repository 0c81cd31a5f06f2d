#include "duration_flag.hpp"
#include "infractl/app/reconcile.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_scale(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<ScaleCommandOptions>();
    sub.add_option("project", opts->project, "Project name (or 'global' for a global service)")->required();
    sub.add_option("assignments", opts->assignments, "SERVICE=N, or SERVICE=reset to go back to the topology's count")
        ->required();
    sub.add_option("--parallel", opts->parallel, "Engine operations in flight at once")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    add_duration(sub, "--lock-timeout", opts->lock_timeout, "Wait this long for another infractl on this stack");
    sub.add_flag("-q,--quiet", opts->quiet, "Print only errors");
    return [&g, opts] { return run_scale(g, *opts); };
}

}  // namespace infractl::cli
