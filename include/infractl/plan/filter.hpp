#pragma once
// Keeps the actions of a plan that match a predicate (and its conflicts and
// scope as they are), renumbering `after` so
// it still points at the kept actions (orderings through a dropped action are
// kept transitively).
#include <functional>

#include "infractl/plan/plan.hpp"

namespace infractl {

Plan filter_plan(const Plan& plan, const std::function<bool(const Action&)>& keep);

}  // namespace infractl
