#pragma once
// `infractl export ...`: the desired state written as another tool's files.
// Never writes state and never contacts the engine; a topology or profile
// with errors exports nothing (the diagnostics go to stderr).
#include <string>

#include "infractl/app/inputs.hpp"
#include "infractl/core/error.hpp"

namespace infractl {

struct KubernetesExportOptions {
    std::string project;     // "" = every project
    std::string output_dir;  // "" = one multi-document YAML stream on stdout
    std::string autoscaler = "hpa";  // hpa | keda
};

// Objects on stdout, or one file per object in output_dir (created when
// missing; files an earlier export wrote there are replaced, others kept).
// Warnings about what could not be mapped go to stderr.
ExitCode run_export_kubernetes(const GlobalOptions& g, const KubernetesExportOptions& opts);

struct ExportComposeOptions {
    std::string project;      // "" = every project
    std::string output_file;  // "" = stdout
};
// A compose file for g.profile (docs/compose.md, "Export").
ExitCode run_export_compose(const GlobalOptions& g, const ExportComposeOptions& opts);

}  // namespace infractl
