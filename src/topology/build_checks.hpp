#pragma once
// Validation of a service's `build:` (the context folder and the Dockerfile
// exist), located at the YAML values that name them.
#include <string>

#include "infractl/core/diagnostics.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

// `display` is "turfoo/celery-worker", or "redis" for a global.
void check_build(const BuildSpec& b, const std::string& display, Diagnostics& diags);

}  // namespace infractl
