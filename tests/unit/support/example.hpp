#pragma once
// The bundled example (specs/monorepo.yaml with profiles/<name>.yaml), loaded
// from the real files the way the CLI loads them, for the tests that check
// what it resolves to (goldens, exposure, the seed's numbers).
#include <string>

#include "infractl/resolve/desired_state.hpp"
#include "infractl/topology/loader.hpp"

namespace infractl::test {

// An environment in which no variable is set: every ${VAR:-default} takes its
// default, so results never depend on the developer's shell.
EnvLookup no_env();

// Loads, validates and resolves the example with profile `profile` ("dev",
// "staging", "prod") and no remembered overrides. A diagnostic of any
// severity fails the calling test (CHECK) and is shown.
DesiredState resolve_example(const std::string& profile);

}  // namespace infractl::test
