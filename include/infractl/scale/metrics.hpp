#pragma once
// Reads the live metrics that `advise` and `autoscale` decide on: container
// CPU and memory from the engine's stats, queue length and evictions from
// Redis (hiredis), connections from PostgreSQL (libpq). Redis and PostgreSQL
// are reached as `reach` says (scale/advice.hpp): through the ports the
// desired state publishes on the host, or by network alias and container
// port from inside the stack's network; a metric that cannot be read is
// listed in ServiceMetrics::unavailable.
#include <vector>

#include "infractl/engine/engine.hpp"
#include "infractl/scale/advice.hpp"

namespace infractl {

std::vector<ServiceMetrics> collect_metrics(const DesiredState& desired, const ObservedState& observed,
                                            Engine& engine, const std::string& project,
                                            MetricsReach reach = MetricsReach::published_port);

}  // namespace infractl
