#include "infractl/resolve/merge.hpp"

namespace infractl {

namespace {

template <class T>
void merge_field(std::optional<T>& into, Location& into_loc, const std::optional<T>& from, const Location& from_loc) {
    if (!from) return;
    into = from;
    into_loc = from_loc;
}

void merge_resources(Resources& into, const Resources& from) {
    merge_field(into.cpu_limit, into.cpu_limit_loc, from.cpu_limit, from.cpu_limit_loc);
    merge_field(into.memory_limit, into.memory_limit_loc, from.memory_limit, from.memory_limit_loc);
    merge_field(into.cpu_reservation, into.cpu_reservation_loc, from.cpu_reservation, from.cpu_reservation_loc);
    merge_field(into.memory_reservation, into.memory_reservation_loc, from.memory_reservation,
                from.memory_reservation_loc);
}

const ServicePatch* find_patch(const std::vector<ServicePatch>& patches, const std::string& name) {
    for (const auto& p : patches)
        if (p.name == name) return &p;
    return nullptr;
}

}  // namespace

void apply_patch(Service& svc, const ServicePatch& patch) {
    if (patch.replicas) {
        svc.replicas = *patch.replicas;
        svc.replicas_loc = patch.replicas_loc;
    }
    if (patch.max_replicas) svc.max_replicas = patch.max_replicas;
    if (patch.read_replicas) {
        svc.read_replicas = *patch.read_replicas;
        svc.read_replicas_loc = patch.read_replicas_loc;
    }
    if (patch.autoscale) svc.autoscale = patch.autoscale;
    if (patch.enabled) svc.enabled = *patch.enabled;
    if (patch.networks) {
        svc.networks = *patch.networks;
        svc.networks_loc = patch.networks_loc;
    }
    if (patch.managed) svc.managed = patch.managed;
    for (const auto& [k, v] : patch.environment) svc.environment[k] = v;
    if (patch.pull_policy) svc.pull_policy = *patch.pull_policy;
    merge_resources(svc.resources, patch.resources);
}

Service merge_global(const Service& svc, const Profile& profile) {
    Service out = svc;
    if (const auto* p = find_patch(profile.globals, svc.name)) apply_patch(out, *p);
    return out;
}

Service merge_project_service(const Service& svc, const std::string& project, const Profile& profile) {
    Service out = svc;
    if (const auto* p = find_patch(profile.project_defaults, svc.name)) apply_patch(out, *p);
    auto it = profile.projects.find(project);
    if (it != profile.projects.end())
        if (const auto* p = find_patch(it->second, svc.name)) apply_patch(out, *p);
    return out;
}

std::vector<Network> merge_networks(const Topology& topo, const Profile& profile) {
    std::vector<Network> out = topo.networks;
    for (const auto& patch : profile.networks) {
        Network* found = nullptr;
        for (auto& n : out)
            if (n.name == patch.name) found = &n;
        if (!found) {
            out.push_back(Network{patch.name, false, "bridge", patch.loc});
            found = &out.back();
        }
        if (patch.internal) found->internal = *patch.internal;
    }
    return out;
}

}  // namespace infractl
