#pragma once
// `build:` images for up and plan (src/app only): which ones a plan builds,
// and building them before anything else is applied.
#include <string>
#include <vector>

#include "infractl/app/session.hpp"
#include "infractl/plan/build_plan.hpp"

namespace infractl {

// Sets plan.builds (plan_builds), asking the engine at the session's host
// (its own connection: the backend may be swarm) which tags exist.
void add_builds(Session& session, Plan& plan, BuildMode mode);

// Builds plan.builds one after the other, each context hashed again and
// sent as a tar to POST /build; the output goes to stderr as
// "build <image> | <line>" unless quiet. Stops at the first failure and
// returns its message, located at the service's `build:`; "" when all were built.
std::string run_builds(Session& session, const Plan& plan, bool quiet);

}  // namespace infractl
