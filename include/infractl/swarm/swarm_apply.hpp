#pragma once
// Plan -> Swarm calls. Actions run in plan order (every `after` index is
// smaller than the action's own), one at a time: Swarm itself rolls each
// service's tasks. Swarm ignores depends_on (docker/docs#2164), so a create
// first waits for its waits: the target service's tasks running (Swarm
// reports a task with a healthcheck as running only once it is healthy), or
// its job complete. An update waits until Swarm reports it completed; when
// Swarm rolls it back (or pauses it), the action fails naming the service,
// Swarm's message and the task error, so `up` exits 1 where `docker stack
// deploy` exits 0 (docker/cli#6752). A removal waits until the service's
// tasks are gone, so its networks can go after it.
#include "infractl/apply/executor.hpp"
#include "infractl/plan/plan.hpp"
#include "infractl/swarm/swarm_client.hpp"

namespace infractl {

ApplyResult apply_swarm_plan(const Plan& plan, SwarmClient& client, const ApplyOptions& opts);

}  // namespace infractl
