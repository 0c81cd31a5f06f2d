// export_kubernetes: the scope (--project), then the objects of each concept,
// then one sort. The mapping of each concept lives in its own file.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "kubernetes_detail.hpp"
#include "infractl/resolve/read_replicas.hpp"

namespace infractl::k8s {

const char* to_string(Autoscaler a) { return a == Autoscaler::keda ? "keda" : "hpa"; }

namespace {

// --project P: P's services and the globals (transitively) they depend on,
// as `up --project P` runs them.
DesiredState in_scope(const DesiredState& full, const std::string& project) {
    // Read replicas are not exported (warn_not_mapped says so).
    DesiredState state = full;
    std::erase_if(state.services, is_read_replica_service);
    if (project.empty()) return state;
    std::set<ServiceKey> keep;
    for (const auto& s : state.services)
        if (s.key.project == project) keep.insert(s.key);
    // Services come after their dependencies: one backward pass is transitive.
    for (auto it = state.services.rbegin(); it != state.services.rend(); ++it)
        if (keep.count(it->key))
            for (const auto& dep : it->depends_on) keep.insert(dep.target);
    DesiredState out = state;
    std::erase_if(out.services, [&](const DesiredService& s) { return keep.count(s.key) == 0; });
    return out;
}

void warn_shared_volumes(const Context& c) {
    std::map<std::string, std::vector<std::string>> users;
    for (const auto& s : c.state.services)
        for (const auto& m : s.spec.mounts)
            if (m.is_volume) users[m.source].push_back(s.key.str());
    for (const auto& [volume, services] : users)
        if (services.size() > 1)
            c.warn(fmt::format("volume {} is shared by {} on Docker; on Kubernetes each StatefulSet gets a claim of "
                               "its own",
                               c.vol_keys.at(volume), fmt::join(services, ", ")));
}

void warn_not_mapped(const Context& c) {
    std::vector<std::string> published;
    for (const auto& s : c.state.services) {
        if (s.read_replicas > 0)
            c.warn(fmt::format("{}: read_replicas {} is not exported (no replica seeding yet)", s.key.str(),
                               s.read_replicas));
        if (std::any_of(s.spec.ports.begin(), s.spec.ports.end(), [](const auto& p) { return p.host_port != 0; }))
            published.push_back(s.key.str());
        if (s.build && s.published_image.empty())
            c.warn(fmt::format("{}: its image is built on this engine ({}), which no cluster can pull; add `image:` "
                               "beside `build:` to name the image you push",
                               s.key.str(), s.spec.image));
    }
    if (!published.empty())
        c.warn(fmt::format("host ports of {} are not published: the Services are cluster-internal (use kubectl "
                           "port-forward, a NodePort or an Ingress)",
                           fmt::join(published, ", ")));
}

}  // namespace

KubernetesExport export_kubernetes(const DesiredState& full, const KubernetesOptions& opts) {
    DesiredState state = in_scope(full, opts.project);
    KubernetesExport result;
    Context c{state, opts, dns_label(state.stack), {}, {}, &result.warnings, &result.objects};
    for (const auto& n : state.networks) c.net_keys[n.name] = n.key;
    for (const auto& v : state.volumes) c.vol_keys[v.name] = v.key;

    add_namespace(c);
    bool waits = false;
    for (const auto& s : state.services) {
        add_workload(c, s);
        add_service_config(c, s);
        add_autoscaler(c, s);
        waits = waits || waits_for_dependencies(s);
    }
    if (waits) add_wait_rbac(c);
    add_network_policies(c);
    warn_shared_volumes(c);
    warn_not_mapped(c);

    std::stable_sort(result.objects.begin(), result.objects.end(), object_order);
    std::sort(result.warnings.begin(), result.warnings.end());
    return result;
}

}  // namespace infractl::k8s
