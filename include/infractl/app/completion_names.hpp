#pragma once
// The names the shell completion scripts ask for (`infractl completion
// --projects`, `--services PROJECT`): read from the topology and profile the
// other flags on the line select, one per line. Never touches the engine or
// the state; prints nothing (and succeeds) when the files cannot be read, so
// a half-typed command line never shows an error in the middle of the prompt.
#include <optional>
#include <string>

#include "infractl/app/inputs.hpp"
#include "infractl/core/error.hpp"

namespace infractl {

// nullopt: the projects ("global" when there are globals); else the
// services of that project.
ExitCode run_completion_names(const GlobalOptions& g, const std::optional<std::string>& services_of);

}  // namespace infractl
