#include "duration_flag.hpp"
#include "infractl/app/reconcile.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_down(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<DownCommandOptions>();
    auto* project = sub.add_option("--project", opts->project, "Only this project's containers");
    sub.add_flag("--volumes", opts->volumes, "Also remove volumes (their data is lost)");
    sub.add_flag("--all", opts->all, "Also remove the globals while projects remain")->excludes(project);
    sub.add_flag("--dry-run", opts->dry_run, "Print what would be removed and change nothing");
    sub.add_option("--parallel", opts->parallel, "Engine operations in flight at once")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    add_duration(sub, "--lock-timeout", opts->lock_timeout, "Wait this long for another infractl on this stack");
    sub.add_flag("-q,--quiet", opts->quiet, "Print only errors");
    return [&g, opts] { return run_down(g, *opts); };
}

}  // namespace infractl::cli
