#pragma once
// Checks that need the whole topology (and the profile against it): unknown
// depends_on targets, dependency cycles (the cycle is printed), two services
// on one host port, reservation above limit, replicas above 1 on a singleton,
// replicas above max_replicas, a missing image, unknown networks and volumes,
// a profile naming a project or service that does not exist, public ports on
// internal networks (warning unless expose_publicly).
#include "infractl/core/diagnostics.hpp"
#include "infractl/topology/profile.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

void validate_topology(const Topology& topo, Diagnostics& diags);
void validate_profile(const Topology& topo, const Profile& profile, Diagnostics& diags);

}  // namespace infractl
