#pragma once
// Drops the primary's replication slot of every read replica a plan removed
// (not of one it recreates). Failures are logged, never thrown: the removal
// itself is done and a later scale-down or `down` tries nothing again.
#include "infractl/engine/engine.hpp"
#include "infractl/plan/plan.hpp"

namespace infractl {

void drop_removed_replica_slots(Engine& engine, const Plan& plan, const ObservedState& before);

}  // namespace infractl
