#include <memory>

#include "infractl/app/offline.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_budget(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<BudgetCommandOptions>();
    sub.add_option("--cpus", opts->cpus, "Compare with this many CPUs instead of this machine's (e.g. 8)");
    sub.add_option("--memory", opts->memory, "Compare with this much memory instead of this machine's (e.g. 16G)");
    return [&g, opts] { return run_budget(g, *opts); };
}

}  // namespace infractl::cli
