#pragma once
// One merged service -> the ContainerSpec every replica of it shares: engine
// names for networks and volumes, the profile's image map and host IP,
// ownership labels, env from managed endpoints. Records which networks and
// volumes are used, since only those are created.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "infractl/resolve/desired_state.hpp"
#include "infractl/topology/profile.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

struct ResolvedEntry {
    ServiceKey key;
    bool global = false;
    Service svc;  // after the profile merge
    std::map<std::string, EnvValue> injected_env;  // from managed dependencies; wins over svc.environment
    std::vector<ServiceDependency> depends_on;     // running targets only
    bool oneshot = false;
};

struct SpecContext {
    const Topology& topo;
    const Profile& profile;
    std::vector<Network> networks;         // merged; a service without `networks` joins all
    std::set<std::string> global_volumes;  // volume keys named "{stack}_{key}"
    std::map<std::string, DesiredNetwork> used_networks;  // by engine name
    std::map<std::string, DesiredVolume> used_volumes;    // by engine name
};

// Declared `global: true`, or mounted by any global service of the topology
// (whatever the profile enables, so a volume's name never depends on the profile).
std::set<std::string> global_volume_keys(const Topology& topo);

ContainerSpec build_spec(const ResolvedEntry& e, SpecContext& ctx);

}  // namespace infractl
