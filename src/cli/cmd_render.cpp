#include "infractl/app/offline.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_render(CLI::App&, GlobalOptions& g) {
    return [&g] { return run_render(g); };
}

}  // namespace infractl::cli
