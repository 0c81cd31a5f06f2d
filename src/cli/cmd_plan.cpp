#include "infractl/app/reconcile.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_plan(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<PlanCommandOptions>();
    sub.add_option("--project", opts->project, "Only this project and the globals it depends on");
    sub.add_flag("--detailed-exitcode", opts->detailed_exitcode,
                 "Exit 0 when there is nothing to do, 2 when there are changes, 1 on error");
    sub.add_option("--out", opts->out, "Also save the plan with a fingerprint of its inputs, for up --plan FILE");
    return [&g, opts] { return run_plan(g, *opts); };
}

}  // namespace infractl::cli
