#pragma once
// A profile (profiles/dev.yaml, ...) overlays a topology. Every field is
// optional: absent means "keep what the topology says". Merge rules, in order,
// later wins (docs/topology.md, "Profiles"):
//   topology service  <  profile.project_defaults[service]  <  profile.projects[P][service]
//   topology global   <  profile.globals[service]
// Scalars replace; `resources` merges field by field; `environment` merges key
// by key; `networks` replaces the whole list.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "infractl/core/location.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

struct ServicePatch {
    std::string name;
    Location loc;
    std::optional<int> replicas;
    Location replicas_loc;
    std::optional<int> max_replicas;
    std::optional<int> read_replicas;
    Location read_replicas_loc;
    std::optional<Autoscale> autoscale;  // replaces the topology's block whole
    std::optional<bool> enabled;
    std::optional<std::vector<std::string>> networks;
    Location networks_loc;
    std::optional<ManagedEndpoint> managed;
    std::map<std::string, EnvValue> environment;
    std::optional<PullPolicy> pull_policy;
    Resources resources;  // only the fields that are set apply
};

struct NetworkPatch {
    std::string name;
    Location loc;
    std::optional<bool> internal;
};

struct Profile {
    std::string file;
    std::string name;  // "dev"
    Location loc;
    // Which backend runs this profile: "docker" (plain containers) or "swarm";
    // "" = not said (docker). Only the session reads it: resolve never does.
    std::string backend;
    // Host IP for ports that name none: "127.0.0.1" on dev. Empty = engine default.
    std::string default_host_ip;
    // image as written in the topology -> image to run instead (local builds).
    std::map<std::string, std::string> images;
    std::vector<NetworkPatch> networks;
    std::vector<ServicePatch> globals;
    std::vector<ServicePatch> project_defaults;                   // apply to every project
    std::map<std::string, std::vector<ServicePatch>> projects;    // project -> patches
    std::map<std::string, Location> project_locs;
};

}  // namespace infractl
