#pragma once
// `infractl down` as a Plan: remove what infractl made, in reverse dependency
// order. Pure, like diff(). Rules (docs/cli.md, "down"):
// - only objects carrying this stack's labels are ever listed;
// - with a project: that project's containers; without: every project's;
// - globals go only when no project container of the stack is left after this
//   down, or with `all`;
// - networks go when no remaining container is attached to them;
// - volumes only with `volumes`, and only those of what is being removed.
#include <string>

#include "infractl/engine/observed_state.hpp"
#include "infractl/plan/plan.hpp"
#include "infractl/resolve/desired_state.hpp"

namespace infractl {

struct DownOptions {
    std::string project;  // "" = every project
    bool volumes = false;
    bool all = false;
};

// `desired` gives the dependency order and stop grace periods; it may be null
// when the topology cannot be loaded, and then projects go before globals.
Plan plan_down(const ObservedState& observed, const DesiredState* desired, const DownOptions& opts);

}  // namespace infractl
