#include "infractl/swarm/swarm_diff.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "infractl/plan/scope.hpp"
#include "infractl/resolve/read_replicas.hpp"
#include "infractl/swarm/service_spec.hpp"

namespace infractl {

namespace {

const ObservedService* observed_named(const SwarmSnapshot& o, const std::string& name) {
    for (const auto& s : o.services)
        if (s.name == name) return &s;
    return nullptr;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

std::set<ServiceKey> in_scope(const DesiredState& d, const PlanScope& scope) {
    std::set<ServiceKey> out = services_in_scope(d, scope.project);
    // Read replicas run on the Docker backend only (docs/stateful.md).
    for (const auto& s : d.services)
        if (is_read_replica_service(s)) out.erase(s.key);
    if (!scope.services.empty())
        std::erase_if(out, [&](const ServiceKey& k) { return scope.services.count(k) == 0; });
    return out;
}

struct SwarmDiff {
    const DesiredState& d;
    const SwarmSnapshot& o;
    Plan plan;
    std::map<std::string, std::size_t> network_actions;
    std::map<ServiceKey, std::size_t> service_actions;

    std::size_t add(Action a) {
        plan.actions.push_back(std::move(a));
        return plan.actions.size() - 1;
    }
};

void conflicts(SwarmDiff& sd, const std::set<ServiceKey>& scope) {
    for (const auto& s : sd.d.services)
        if (scope.count(s.key) && contains(sd.o.foreign_services, s.base_name))
            sd.plan.conflicts.push_back({"service", s.base_name,
                                         fmt::format("service {} has no io.infractl labels of stack '{}'",
                                                     s.base_name, sd.d.stack)});
    for (const auto& n : sd.d.networks)
        if (contains(sd.o.foreign_networks, n.name))
            sd.plan.conflicts.push_back(
                {"network", n.name, fmt::format("network {} has no io.infractl labels", n.name)});
}

void networks_to_create(SwarmDiff& sd, const std::set<ServiceKey>& scope) {
    std::set<std::string> needed;
    for (const auto& s : sd.d.services)
        if (scope.count(s.key)) needed.insert(s.spec.networks.begin(), s.spec.networks.end());
    for (const auto& n : sd.d.networks) {
        bool present = std::any_of(sd.o.networks.begin(), sd.o.networks.end(),
                                   [&](const ObservedSwarmNetwork& x) { return x.name == n.name; });
        if (!needed.count(n.name) || present || contains(sd.o.foreign_networks, n.name)) continue;
        Action a;
        a.kind = ActionKind::create_network;
        a.target = n.name;
        a.network = n;
        a.reason = "not created yet";
        sd.network_actions[n.name] = sd.add(std::move(a));
    }
}

std::vector<FieldChange> changes(const DesiredService& s, const nlohmann::json& want, const ObservedService& have,
                                 const std::map<std::string, std::string>& names) {
    auto w = swarm_fields(want, names);
    auto h = swarm_fields(have.spec, names);
    std::set<std::string> keys;
    for (const auto& [k, v] : w) keys.insert(k);
    for (const auto& [k, v] : h) keys.insert(k);
    std::vector<FieldChange> out;
    for (const auto& k : keys) {
        std::string from = h.count(k) ? h.at(k) : "", to = w.count(k) ? w.at(k) : "";
        if (from == to) continue;
        bool sensitive = false;
        if (k.rfind("environment.", 0) == 0) {
            auto it = s.spec.environment.find(k.substr(12));
            sensitive = it != s.spec.environment.end() && it->second.secret;
        }
        out.push_back({k, from, to, sensitive});
    }
    return out;
}

std::vector<DependencyWait> waits_of(const DesiredState& d, const DesiredService& s) {
    std::vector<DependencyWait> out;
    for (const auto& dep : s.depends_on)
        if (const DesiredService* t = d.find(dep.target)) out.push_back({dep.target, dep.condition, {t->base_name}});
    return out;
}

void service(SwarmDiff& sd, const DesiredService& s) {
    Action a;
    a.target = s.base_name;
    a.service = s.key;
    a.pull = s.pull_policy;
    a.waits = waits_of(sd.d, s);
    nlohmann::json spec = swarm_service_spec(s);
    a.service_spec = spec.dump();
    for (const auto& n : s.spec.networks)
        if (auto it = sd.network_actions.find(n); it != sd.network_actions.end()) a.after.push_back(it->second);
    for (const auto& dep : s.depends_on)
        if (auto it = sd.service_actions.find(dep.target); it != sd.service_actions.end())
            a.after.push_back(it->second);
    std::sort(a.after.begin(), a.after.end());
    const ObservedService* o = observed_named(sd.o, s.base_name);
    if (!o) {
        a.kind = ActionKind::create_service;
        a.reason = "not created yet";
    } else {
        a.changes = changes(s, spec, *o, sd.o.network_names);
        if (a.changes.empty()) return;
        a.kind = ActionKind::update_service;
        a.reason = "specification changed";
        a.service_id = o->id;
        a.service_version = o->version;
    }
    sd.service_actions[s.key] = sd.add(std::move(a));
}

Action removal(const ObservedService& s, std::string reason) {
    Action a;
    a.kind = ActionKind::remove_service;
    a.target = s.name;
    a.service = ServiceKey{s.project(), s.service()};
    a.service_id = s.id;
    a.reason = std::move(reason);
    return a;
}

}  // namespace

Plan swarm_diff(const DesiredState& d, const SwarmSnapshot& o, const PlanScope& scope) {
    SwarmDiff sd{d, o, {}, {}, {}};
    sd.plan.stack = d.stack;
    sd.plan.profile = d.profile;
    std::set<ServiceKey> keys = in_scope(d, scope);
    conflicts(sd, keys);
    if (!sd.plan.conflicts.empty()) return std::move(sd.plan);
    networks_to_create(sd, keys);
    for (const auto& s : d.services)
        if (keys.count(s.key)) service(sd, s);
    if (scope.services.empty()) {
        for (const auto& s : o.services) {
            ServiceKey key{s.project(), s.service()};
            if (d.find(key) || (!scope.project.empty() && key.project != scope.project)) continue;
            sd.add(removal(s, undeclared_reason(d, key)));
        }
    }
    for (const auto& s : d.services)
        if (keys.count(s.key)) sd.plan.scope.push_back({s.key, {s.base_name}, s.oneshot});
    return std::move(sd.plan);
}

Plan swarm_down(const SwarmSnapshot& o, const DesiredState* d, const DownOptions& opts) {
    Plan plan;
    plan.stack = o.stack;
    plan.profile = d ? d->profile : "";
    // Dependants go before what they depend on: by dependency order, backwards
    // (services the topology no longer knows go first).
    std::map<std::string, int> position;
    if (d)
        for (std::size_t i = 0; i < d->services.size(); ++i) position[d->services[i].base_name] = static_cast<int>(i);
    std::vector<const ObservedService*> victims;
    for (const auto& s : o.services) victims.push_back(&s);
    auto rank = [&](const ObservedService* s) {
        auto it = position.find(s->name);
        return it == position.end() ? 1'000'000 : it->second;
    };
    std::stable_sort(victims.begin(), victims.end(),
                     [&](const auto* a, const auto* b) { return rank(a) > rank(b); });
    bool project_left = false;
    std::vector<std::size_t> projects;
    for (const auto* sp : victims) {
        const ObservedService& s = *sp;
        if (s.project() == kGlobalProject) continue;
        if (!opts.all && !opts.project.empty() && s.project() != opts.project) {
            project_left = true;
            continue;
        }
        plan.actions.push_back(removal(s, "down"));
        projects.push_back(plan.actions.size() - 1);
    }
    bool globals_go = opts.all || !project_left;
    if (globals_go)
        for (const auto* s : victims)
            if (s->project() == kGlobalProject) {
                Action a = removal(*s, "down");
                a.after = projects;  // a global goes after the project services that use it
                plan.actions.push_back(std::move(a));
            }
    std::vector<std::size_t> all(plan.actions.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    if (globals_go)
        for (const auto& n : o.networks) {
            Action a;
            a.kind = ActionKind::remove_network;
            a.target = n.name;
            a.reason = "down";
            a.after = all;
            plan.actions.push_back(std::move(a));
        }
    return plan;
}

}  // namespace infractl
