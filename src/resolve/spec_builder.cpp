#include "infractl/resolve/spec_builder.hpp"

#include <algorithm>

#include "infractl/resolve/naming.hpp"
#include "infractl/resolve/resolve.hpp"

namespace infractl {

namespace {

std::map<std::string, std::string> ownership_labels(const std::string& stack, const std::string& project) {
    return {{label::stack, stack}, {label::project, project}, {label::managed_by, "infractl"}};
}

std::map<std::string, std::string> service_labels(const ResolvedEntry& e, const std::string& stack) {
    std::map<std::string, std::string> labels = e.svc.labels;
    for (auto& [k, v] : ownership_labels(stack, e.key.project)) labels[k] = v;
    labels[label::service] = e.key.service;
    if (e.oneshot) labels[label::oneshot] = "true";
    return labels;
}

std::vector<PortMapping> ports_with_host_ip(std::vector<PortMapping> ports, const std::string& default_ip) {
    for (auto& p : ports)
        if (p.host_ip.empty()) p.host_ip = default_ip;
    return ports;
}

std::vector<ContainerSpec::Mount> engine_mounts(const ResolvedEntry& e, SpecContext& ctx) {
    std::vector<ContainerSpec::Mount> out;
    for (const auto& m : e.svc.volumes) {
        if (m.kind == infractl::Mount::Kind::bind) {
            out.push_back({false, m.source, m.target, m.read_only});
            continue;
        }
        bool global = e.global || ctx.global_volumes.count(m.source) > 0;
        std::string project = global ? std::string(kGlobalProject) : e.key.project;
        std::string name = volume_engine_name(ctx.topo.stack, e.key.project, m.source, global);
        ctx.used_volumes.try_emplace(name, DesiredVolume{m.source, name, project, ownership_labels(ctx.topo.stack, project)});
        out.push_back({true, name, m.target, m.read_only});
    }
    return out;
}

std::vector<std::string> engine_networks(const ResolvedEntry& e, SpecContext& ctx) {
    std::vector<std::string> out;
    for (const auto& n : ctx.networks) {
        if (!e.svc.networks.empty() &&
            std::find(e.svc.networks.begin(), e.svc.networks.end(), n.name) == e.svc.networks.end())
            continue;
        std::string name = network_engine_name(ctx.topo.stack, n.name);
        ctx.used_networks.try_emplace(
            name, DesiredNetwork{n.name, name, n.internal, n.driver, ownership_labels(ctx.topo.stack, kGlobalProject)});
        out.push_back(std::move(name));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<ContainerSpec::SecretMount> secret_mounts(const Service& svc, const Topology& topo) {
    std::vector<ContainerSpec::SecretMount> out;
    for (const auto& use : svc.secrets) {
        const Secret* secret = topo.find_secret(use.source);
        if (secret == nullptr) continue;  // validation reported it
        out.push_back({use.source, use.target, use.uid, use.gid, use.mode,
                       secret_file_id(secret->content, use.uid, use.gid, use.mode), secret->content});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.target < b.target; });
    return out;
}

}  // namespace

std::set<std::string> global_volume_keys(const Topology& topo) {
    std::set<std::string> out;
    for (const auto& v : topo.volumes)
        if (v.global) out.insert(v.name);
    for (const auto& g : topo.globals)
        for (const auto& m : g.volumes)
            if (m.kind == infractl::Mount::Kind::volume) out.insert(m.source);
    return out;
}

ContainerSpec build_spec(const ResolvedEntry& e, SpecContext& ctx) {
    const Service& svc = e.svc;
    ContainerSpec spec;
    auto image = ctx.profile.images.find(svc.image);
    spec.image = image != ctx.profile.images.end() ? image->second : svc.image;
    spec.command = svc.command;
    spec.entrypoint = svc.entrypoint;
    spec.environment = svc.environment;
    for (const auto& [k, v] : e.injected_env) spec.environment[k] = v;
    spec.labels = service_labels(e, ctx.topo.stack);
    spec.ports = ports_with_host_ip(svc.ports, ctx.profile.default_host_ip);
    spec.mounts = engine_mounts(e, ctx);
    spec.secrets = secret_mounts(svc, ctx.topo);
    spec.networks = engine_networks(e, ctx);
    spec.network_alias = network_alias(e.key.project, e.key.service, e.global);
    spec.healthcheck = svc.healthcheck;
    spec.stop_signal = svc.stop_signal;
    spec.stop_grace_period = svc.stop_grace_period;
    spec.user = svc.user;
    spec.working_dir = svc.working_dir;
    // A run-once service that restarted would run twice.
    spec.restart = e.oneshot ? RestartPolicy::no : svc.restart;
    spec.restart_max_retries = e.oneshot ? 0 : svc.restart_max_retries;
    spec.cpu_limit = svc.resources.cpu_limit;
    spec.memory_limit = svc.resources.memory_limit;
    spec.cpu_reservation = svc.resources.cpu_reservation;
    spec.memory_reservation = svc.resources.memory_reservation;
    return spec;
}

}  // namespace infractl
