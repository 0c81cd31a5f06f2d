// Topology + profile + overrides -> DesiredState. The steps, in order:
// merge the profile into every service, split off disabled and managed ones,
// check the merged values, resolve depends_on (managed targets become env),
// build each service's container spec and hash, name its containers, and
// sort everything into dependency order.
#include "infractl/resolve/resolve.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "infractl/topology/service_checks.hpp"
#include "infractl/resolve/dependency_order.hpp"
#include "infractl/resolve/merge.hpp"
#include "infractl/resolve/naming.hpp"
#include "infractl/resolve/read_replicas.hpp"
#include "infractl/resolve/spec_builder.hpp"

namespace infractl {

namespace {

struct Merged {
    std::vector<ResolvedEntry> running;  // enabled and not managed
    std::map<ServiceKey, ManagedService> managed;
    std::set<ServiceKey> disabled;
};

void classify(Merged& m, ServiceKey key, bool global, Service svc) {
    if (!svc.enabled) {
        m.disabled.insert(std::move(key));
    } else if (svc.managed) {
        std::string env = svc.managed->env.empty() ? default_managed_env(svc.name) : svc.managed->env;
        m.managed[key] = ManagedService{key, svc.managed->endpoint, env};
    } else {
        m.running.push_back(ResolvedEntry{std::move(key), global, std::move(svc), {}, {}, false});
    }
}

Merged merge_all(const Topology& topo, const Profile& profile) {
    Merged m;
    for (const auto& g : topo.globals) classify(m, ServiceKey{kGlobalProject, g.name}, true, merge_global(g, profile));
    for (const auto& p : topo.projects)
        for (const auto& s : p.services)
            classify(m, ServiceKey{p.name, s.name}, false, merge_project_service(s, p.name, profile));
    return m;
}

// Same project first, then globals (docs/topology.md, "depends_on").
ServiceKey dependency_key(const ResolvedEntry& e, const std::string& name, const Topology& topo) {
    if (!e.global) {
        const Project* p = topo.find_project(e.key.project);
        if (p)
            for (const auto& s : p->services)
                if (s.name == name) return ServiceKey{e.key.project, name};
    }
    return ServiceKey{kGlobalProject, name};
}

void resolve_dependencies(Merged& m, const Topology& topo, const std::string& profile_name, Diagnostics& diags) {
    std::map<ServiceKey, std::size_t> index;
    for (std::size_t i = 0; i < m.running.size(); ++i) index[m.running[i].key] = i;
    for (auto& e : m.running) {
        for (const auto& dep : e.svc.depends_on) {
            ServiceKey target = dependency_key(e, dep.service, topo);
            if (auto it = m.managed.find(target); it != m.managed.end()) {
                e.injected_env[it->second.env] = EnvValue{it->second.endpoint, false, dep.loc};
            } else if (m.disabled.count(target)) {
                diags.warning(dep.loc,
                              fmt::format("{} depends on '{}', which profile '{}' disables; the dependency is "
                                          "dropped",
                                          e.key.str(), target.str(), profile_name));
            } else if (auto r = index.find(target); r != index.end()) {
                e.depends_on.push_back(ServiceDependency{target, dep.condition});
                if (dep.condition == DependCondition::service_completed_successfully)
                    m.running[r->second].oneshot = true;
            }
            // An unknown target is validation's to report.
        }
    }
}

// An override applies while the topology's own count is still the one it was
// made against, and only if it is still a count the service may run.
std::optional<int> usable_override(const DesiredService& s, const Overrides& overrides, Diagnostics& diags) {
    auto it = overrides.find(s.key.str());
    if (it == overrides.end() || override_lapsed(it->second, s.topology_replicas)) return std::nullopt;
    int n = it->second.replicas;
    std::string why;
    if (n < 0) why = "a negative count";
    else if ((s.singleton || s.global) && n > 1) why = "the service is a singleton";
    else if (s.max_replicas && n > *s.max_replicas) why = fmt::format("max_replicas is {}", *s.max_replicas);
    if (why.empty()) return n;
    diags.warning(Location{}, fmt::format("ignoring the remembered scale {}={}: {}", s.key.str(), n, why),
                  fmt::format("run: infractl scale {} {}=reset", s.key.project, s.key.service));
    return std::nullopt;
}

bool has_read_replicas(const ResolvedEntry& e) { return e.svc.read_replicas > 0 && is_postgres_image(e.svc.image); }

// Dependants of a primary with replicas get a read URL beside the write URL
// they already have: the first postgres URL (DATABASE_URL first) whose host
// names the primary, pointed at the replicas' shared network alias. A value
// the service sets itself wins.
void add_read_urls(std::vector<ResolvedEntry>& running, const Topology& topo) {
    std::map<ServiceKey, const ResolvedEntry*> primaries;
    for (const auto& e : running)
        if (has_read_replicas(e)) primaries[e.key] = &e;
    for (auto& e : running) {
        for (const auto& dep : e.depends_on) {
            auto it = primaries.find(dep.target);
            if (it == primaries.end()) continue;
            const ResolvedEntry& p = *it->second;
            std::string name = p.svc.read_url_env.empty() ? kDefaultReadUrlEnv : p.svc.read_url_env;
            if (e.svc.environment.count(name)) continue;
            std::set<std::string> hosts{network_alias(p.key.project, p.key.service, p.global),
                                        service_base_name(topo.stack, p.key.project, p.key.service, p.global),
                                        p.key.service};
            std::string to = network_alias(p.key.project, replica_service_name(p.key.service), p.global);
            std::vector<std::string> order{"DATABASE_URL"};
            for (const auto& [k, v] : e.svc.environment) order.push_back(k);
            for (const auto& k : order) {
                auto env = e.svc.environment.find(k);
                if (env == e.svc.environment.end()) continue;
                if (auto url = read_url(env->second.value, hosts, to)) {
                    e.svc.environment[name] = EnvValue{*url, env->second.secret, env->second.loc};
                    break;
                }
            }
        }
    }
}

DesiredService build_service(const ResolvedEntry& e, SpecContext& ctx, const Overrides& overrides,
                             Diagnostics& diags) {
    DesiredService s;
    s.key = e.key;
    s.global = e.global;
    s.topology_replicas = e.svc.replicas;
    s.singleton = e.svc.singleton || e.global;
    s.singleton_reason = e.svc.singleton_reason;
    s.max_replicas = e.svc.max_replicas;
    s.read_replicas = e.svc.read_replicas;
    s.autoscale = e.svc.autoscale;
    s.numbered = !e.global && !e.svc.singleton;
    s.base_name = service_base_name(ctx.topo.stack, e.key.project, e.key.service, e.global);
    s.oneshot = e.oneshot;
    s.depends_on = e.depends_on;
    s.pull_policy = e.svc.pull_policy;
    s.spec = build_spec(e, ctx);
    if (has_read_replicas(e)) mark_primary(s.spec);
    if (e.svc.build) {
        s.build = e.svc.build;
        if (!e.svc.image.empty()) {
            s.published_image = s.spec.image;  // the images map already applied
            s.published_pull_policy = s.pull_policy;
        }
        s.spec.image = build_tag(s.base_name, e.svc.build->content_hash);
        s.pull_policy = PullPolicy::never;  // no registry has it: infractl builds it
    }
    s.stateful = std::any_of(s.spec.mounts.begin(), s.spec.mounts.end(), [](const auto& m) { return m.is_volume; });
    s.config_hash = config_hash(s.spec);
    s.spec.labels[label::config_hash] = s.config_hash;
    set_replicas(s, usable_override(s, overrides, diags));
    return s;
}

std::vector<LapsedOverride> lapsed_overrides(const std::vector<DesiredService>& services,
                                             const Overrides& overrides) {
    std::vector<LapsedOverride> out;
    for (const auto& s : services) {
        auto it = overrides.find(s.key.str());
        if (it != overrides.end() && override_lapsed(it->second, s.topology_replicas))
            out.push_back({s.key, it->second, s.topology_replicas});
    }
    return out;
}

std::vector<DesiredService> in_dependency_order(std::vector<DesiredService> services) {
    std::vector<ServiceKey> keys;
    std::map<ServiceKey, std::size_t> index;
    for (std::size_t i = 0; i < services.size(); ++i) {
        keys.push_back(services[i].key);
        index[services[i].key] = i;
    }
    std::vector<std::vector<std::size_t>> deps(services.size());
    for (std::size_t i = 0; i < services.size(); ++i)
        for (const auto& d : services[i].depends_on) deps[i].push_back(index.at(d.target));
    std::vector<DesiredService> out;
    out.reserve(services.size());
    for (std::size_t i : dependency_order(keys, deps)) out.push_back(std::move(services[i]));
    return out;
}

template <class Map>
auto sorted_values(const Map& m) {
    std::vector<typename Map::mapped_type> out;
    for (const auto& [k, v] : m) out.push_back(v);
    return out;
}

}  // namespace

void set_replicas(DesiredService& s, std::optional<int> override_replicas) {
    s.override_replicas = override_replicas;
    s.replicas = override_replicas.value_or(s.topology_replicas);
    s.containers.clear();
    for (int n = 1; n <= s.replicas; ++n) {
        DesiredContainer c{container_name(s.base_name, s.numbered, n), n, s.spec};
        c.spec.labels[label::replica] = std::to_string(n);
        fill_replica_number(c.spec, n);
        s.containers.push_back(std::move(c));
    }
}

DesiredState resolve(const Topology& topo, const Profile& profile, const Overrides& overrides, Diagnostics& diags) {
    Merged m = merge_all(topo, profile);
    for (const auto& e : m.running) check_merged_service(e.svc, e.key.str(), e.global, profile.file, diags);
    resolve_dependencies(m, topo, profile.name, diags);
    add_read_urls(m.running, topo);

    SpecContext ctx{topo, profile, merge_networks(topo, profile), global_volume_keys(topo), {}, {}};
    std::vector<DesiredService> services;
    services.reserve(m.running.size());
    for (const auto& e : m.running) {
        services.push_back(build_service(e, ctx, overrides, diags));
        if (!has_read_replicas(e)) continue;
        DesiredService replicas = make_replica_service(services.back(), topo.stack);
        set_replicas(replicas, usable_override(replicas, overrides, diags));
        services.push_back(std::move(replicas));
    }

    DesiredState state;
    state.stack = topo.stack;
    state.profile = profile.name;
    state.networks = sorted_values(ctx.used_networks);
    state.volumes = sorted_values(ctx.used_volumes);
    state.lapsed = lapsed_overrides(services, overrides);
    state.services = in_dependency_order(std::move(services));
    add_replica_volumes(state);
    for (const auto& [k, v] : m.managed) state.managed.push_back(v);
    state.disabled.assign(m.disabled.begin(), m.disabled.end());
    auto by_start_order = [](const auto& a, const auto& b) { return start_order_less(a, b); };
    std::sort(state.disabled.begin(), state.disabled.end(), by_start_order);
    std::sort(state.managed.begin(), state.managed.end(),
              [](const ManagedService& a, const ManagedService& b) { return start_order_less(a.key, b.key); });
    return state;
}

}  // namespace infractl
