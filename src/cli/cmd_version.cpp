#include "infractl/app/attach.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_version(CLI::App&, GlobalOptions& g) {
    return [&g] { return run_version(g); };
}

}  // namespace infractl::cli
