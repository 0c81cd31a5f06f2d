#include "infractl/app/offline.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_validate(CLI::App&, GlobalOptions& g) {
    return [&g] { return run_validate(g); };
}

}  // namespace infractl::cli
