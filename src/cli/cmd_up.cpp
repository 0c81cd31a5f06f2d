#include "duration_flag.hpp"
#include "infractl/app/reconcile.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_up(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<UpCommandOptions>();
    auto* project = sub.add_option("--project", opts->project, "Only this project and the globals it depends on");
    sub.add_flag("--dry-run", opts->dry_run, "Print the plan and change nothing");
    sub.add_option("--parallel", opts->parallel, "Engine operations in flight at once")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    sub.add_flag("--wait", opts->wait, "Return when every service is healthy (or running, or completed)");
    add_duration(sub, "--wait-timeout", opts->wait_timeout, "Give up waiting after this long");
    add_duration(sub, "--lock-timeout", opts->lock_timeout, "Wait this long for another infractl on this stack");
    auto* pull = sub.add_option("--pull", opts->pull, "Pull policy for every service: missing, always or never")
                     ->check(CLI::IsMember({"missing", "always", "never"}));
    sub.add_option("--plan", opts->plan_file,
                   "Apply exactly this saved plan (plan --out FILE); refused when it is stale")
        ->excludes(project)
        ->excludes(pull);
    sub.add_flag("--build", opts->build, "Build every build: image in scope, even when its tag exists");
    sub.add_flag("-q,--quiet", opts->quiet, "Print only errors");
    return [&g, opts] { return run_up(g, *opts); };
}

}  // namespace infractl::cli
