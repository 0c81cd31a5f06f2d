#pragma once
// Which `build:` images a plan builds (docs/topology.md, "build"): pure, on
// the plan's scope, the desired state and which tags the engine has.
#include <functional>
#include <string>
#include <vector>

#include "infractl/plan/plan.hpp"
#include "infractl/resolve/desired_state.hpp"

namespace infractl {

enum class BuildMode {
    when_missing,  // `up`, `plan`: only a tag the engine does not have
    always,        // `up --build`: every image in scope (the engine's layer cache keeps it cheap)
};

// One ImageBuild per distinct tag among the services of plan.scope that have
// `build:`, in scope order. The reason says why: "tag missing" (never built,
// or removed), "context changed (was <the image the containers run>)" when a
// recreate of that service changes its image, or "--build".
std::vector<ImageBuild> plan_builds(const DesiredState& desired, const Plan& plan,
                                    const std::function<bool(const std::string& tag)>& tag_present, BuildMode mode);

}  // namespace infractl
