#pragma once
// Start order of services: every service after all it depends on; among
// services free to go, globals first, then by project name, then service name
// (Kahn's algorithm with a sorted ready set), so the order never depends on
// file order or hash iteration.
#include <cstddef>
#include <vector>

#include "infractl/resolve/desired_state.hpp"

namespace infractl {

// The tie order: globals (project == kGlobalProject) first, then project, then service.
bool start_order_less(const ServiceKey& a, const ServiceKey& b);

// deps[i] lists indices into `nodes` that node i waits for. Returns a
// permutation of 0..n-1. Nodes on a cycle (validation reports cycles before
// resolve runs) are appended in tie order rather than dropped.
std::vector<std::size_t> dependency_order(const std::vector<ServiceKey>& nodes,
                                          const std::vector<std::vector<std::size_t>>& deps);

}  // namespace infractl
