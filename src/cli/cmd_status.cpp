#include "infractl/app/reconcile.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_status(CLI::App&, GlobalOptions& g) {
    return [&g] { return run_status(g); };
}

}  // namespace infractl::cli
