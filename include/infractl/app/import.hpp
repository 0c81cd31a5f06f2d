#pragma once
// `infractl import ...`: another tool's files turned into a topology and
// profiles. Imports never touch the engine or infractl's state.
#include <string>
#include <vector>

#include "infractl/core/error.hpp"

namespace infractl {

struct ImportComposeOptions {
    std::vector<std::string> files;  // compose file, then override files, merged in order
    std::string stack;               // "" = compose's project name
    std::string project;             // "" = services become globals
    std::string out_dir = ".";
    bool strict = false;  // an unsupported key is an error, not a warning
    bool force = false;   // overwrite an existing OUT/infractl.yaml
};
// Writes OUT/infractl.yaml and OUT/profiles/<name>.yaml (docs/compose.md,
// "Import"). Prints every warning and error to stderr; on an error writes
// nothing and returns ExitCode::failure.
ExitCode run_import_compose(const ImportComposeOptions& opts);

}  // namespace infractl
