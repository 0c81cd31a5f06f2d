#include "infractl/app/history.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_history(CLI::App&, GlobalOptions& g) {
    return [&g] { return run_history(g); };
}

}  // namespace infractl::cli
