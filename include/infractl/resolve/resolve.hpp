#pragma once
// Topology + Profile + overrides -> DesiredState. Pure. Problems that only
// appear after the merge (a profile setting replicas: 3 on a singleton, a
// reservation above the merged limit) are reported into diags, located at the
// profile value that caused them.
#include <map>

#include "infractl/core/diagnostics.hpp"
#include "infractl/resolve/desired_state.hpp"
#include "infractl/topology/profile.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

// Remembered `infractl scale` counts, keyed by ServiceKey::str(). An override
// applies only while the topology's own count is still `base`: when the
// topology's number changes, the override lapses (see scale/overrides.hpp).
struct ReplicaOverride {
    int replicas = 0;
    int base = 0;  // topology+profile count when the override was made
};
using Overrides = std::map<std::string, ReplicaOverride>;

DesiredState resolve(const Topology& topo, const Profile& profile, const Overrides& overrides,
                     Diagnostics& diags);

// Hex sha256 over a canonical, sorted text form of the recreate-relevant parts
// of a spec (image, command, entrypoint, environment, ports, mounts,
// healthcheck, networks, user, working_dir, stop_signal, labels). Stable
// across infractl versions: changing the canonical form is a breaking change.
std::string config_hash(const ContainerSpec& spec);
// The canonical text that config_hash hashes (exposed for tests and -v).
std::string canonical_form(const ContainerSpec& spec);

}  // namespace infractl
