#pragma once
// The commands that never touch the engine: validate, render, budget. Each
// loads the inputs, prints every diagnostic to stderr, and on errors returns
// ExitCode::failure without printing anything to stdout.
#include <string>

#include "infractl/app/inputs.hpp"
#include "infractl/core/error.hpp"

namespace infractl {

// Prints "specs/monorepo.yaml + profiles/dev.yaml: ok, 2 projects, 9 services, ..." on success.
ExitCode run_validate(const GlobalOptions& g);

// The desired state as text or JSON (g.output), secrets masked unless g.show_secrets.
ExitCode run_render(const GlobalOptions& g);

struct BudgetCommandOptions {
    std::string cpus;    // "" = this machine's online CPUs
    std::string memory;  // "" = this machine's physical memory
};
ExitCode run_budget(const GlobalOptions& g, const BudgetCommandOptions& opts);

// The one-line summary `validate` prints; exposed for tests.
std::string validate_summary(const Inputs& in);

}  // namespace infractl
