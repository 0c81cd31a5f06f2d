#pragma once
// Topology + Profile + overrides -> DesiredState. Pure. Problems that only
// appear after the merge (a profile setting replicas: 3 on a singleton, a
// reservation above the merged limit) are reported into diags, located at the
// profile value that caused them.
#include <map>
#include <optional>

#include "infractl/core/diagnostics.hpp"
#include "infractl/resolve/desired_state.hpp"
#include "infractl/topology/profile.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

// Remembered `infractl scale` counts of one stack and profile, keyed by
// ServiceKey::str().
using Overrides = std::map<std::string, ReplicaOverride>;

// The one lapse rule: an override applies only while the topology and
// profile still ask for the count it was made against (`base`). When their
// number changes, the override lapses: resolve ignores it and lists it in
// DesiredState::lapsed, and a writing command (up, scale) forgets it.
inline bool override_lapsed(const ReplicaOverride& o, int topology_replicas) { return o.base != topology_replicas; }

DesiredState resolve(const Topology& topo, const Profile& profile, const Overrides& overrides,
                     Diagnostics& diags);

// Sets a resolved service's remembered count (nullopt: the topology's own),
// as resolve does and as `scale` does in memory after saving it: replicas and
// the container list (resolve's names and labels) follow.
void set_replicas(DesiredService& s, std::optional<int> override_replicas);

// Hex sha256 over a canonical, sorted text form of the recreate-relevant parts
// of a spec (image, command, entrypoint, environment, ports, mounts,
// healthcheck, networks, user, working_dir, stop_signal, labels). Stable
// across infractl versions: changing the canonical form is a breaking change.
std::string config_hash(const ContainerSpec& spec);
// The canonical text that config_hash hashes (exposed for tests and -v).
std::string canonical_form(const ContainerSpec& spec);
// The id of a secret's copy: sha256 over a versioned form of its content,
// owner and mode. Two services using one secret with one owner and mode share it.
std::string secret_file_id(const std::string& content, int uid, int gid, int mode);

}  // namespace infractl
