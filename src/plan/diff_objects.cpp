// Networks, volumes, conflicts and containers nobody declares any more.
#include <algorithm>

#include <fmt/format.h>

#include "diff_context.hpp"
#include "infractl/plan/scope.hpp"

namespace infractl::diff_detail {

namespace {

std::set<std::string> needed_networks(const DiffContext& cx) {
    std::set<std::string> out;
    for (const auto& s : cx.desired.services) {
        if (!cx.in_scope.count(s.key)) continue;
        out.insert(s.spec.networks.begin(), s.spec.networks.end());
        for (const auto& c : s.containers) out.insert(c.spec.networks.begin(), c.spec.networks.end());
    }
    if (cx.opts.project.empty())
        for (const auto& n : cx.desired.networks) out.insert(n.name);
    return out;
}

std::set<std::string> needed_volumes(const DiffContext& cx) {
    std::set<std::string> out;
    for (const auto& s : cx.desired.services) {
        if (!cx.in_scope.count(s.key)) continue;
        for (const auto& m : s.spec.mounts)
            if (m.is_volume) out.insert(m.source);
        // A read replica's containers each mount their own volume.
        for (const auto& c : s.containers)
            for (const auto& m : c.spec.mounts)
                if (m.is_volume) out.insert(m.source);
    }
    if (cx.opts.project.empty())
        for (const auto& v : cx.desired.volumes) out.insert(v.name);
    return out;
}

std::set<std::string> needed_containers(const DiffContext& cx) {
    std::set<std::string> out;
    for (const auto& s : cx.desired.services)
        if (cx.in_scope.count(s.key))
            for (const auto& c : s.containers) out.insert(c.name);
    return out;
}

std::string short_id(const std::string& id) { return id.substr(0, 12); }

std::string owner_of(const ObservedContainer& c) {
    if (c.owned()) return fmt::format("belongs to stack '{}'", c.stack());
    return "has no io.infractl labels";
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

template <class T>
bool has_name(const std::vector<T>& v, const std::string& name) {
    return std::any_of(v.begin(), v.end(), [&](const T& x) { return x.name == name; });
}

std::string project_label(const std::map<std::string, std::string>& labels) {
    auto it = labels.find(label::project);
    return it == labels.end() ? "" : it->second;
}

bool service_matches_scope(const DiffContext& cx, const ServiceKey& key) {
    return cx.opts.project.empty() || key.project == cx.opts.project;
}

std::vector<std::size_t> container_removals_so_far(const DiffContext& cx) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < cx.plan.actions.size(); ++i) {
        ActionKind k = cx.plan.actions[i].kind;
        if (k == ActionKind::remove || k == ActionKind::recreate) out.push_back(i);
    }
    return out;
}

}  // namespace

void diff_conflicts(DiffContext& cx) {
    auto containers = needed_containers(cx);
    for (const auto& c : cx.observed.foreign_containers) {
        if (!containers.count(c.name)) continue;
        cx.taken_containers.insert(c.name);
        cx.plan.conflicts.push_back(
            {"container", c.name, fmt::format("container {} (id {}) {}", c.name, short_id(c.id), owner_of(c))});
    }
    auto networks = needed_networks(cx);
    for (const auto& n : cx.observed.foreign_networks)
        if (networks.count(n))
            cx.plan.conflicts.push_back({"network", n, fmt::format("network {} exists without this stack's labels", n)});
    auto volumes = needed_volumes(cx);
    for (const auto& v : cx.observed.foreign_volumes)
        if (volumes.count(v))
            cx.plan.conflicts.push_back({"volume", v, fmt::format("volume {} exists without this stack's labels", v)});
}

namespace {

// Two networks of ours with one name: an interrupted `up`'s create was still
// running in the engine when the rerun created the network again (the
// engine's duplicate check is not atomic). No container can start on the
// name then ("network is ambiguous"). The one with most containers attached
// (then the smallest id) stays; the others go, by id, before any container
// of the stack is created or started.
void diff_duplicate_networks(DiffContext& cx, const std::string& name) {
    std::vector<const ObservedNetwork*> same;
    for (const auto& n : cx.observed.networks)
        if (n.name == name) same.push_back(&n);
    if (same.size() < 2) return;
    std::sort(same.begin(), same.end(), [](const ObservedNetwork* a, const ObservedNetwork* b) { return keep_before(*a, *b); });
    for (std::size_t i = 1; i < same.size(); ++i) {
        Action a;
        a.kind = ActionKind::remove_network;
        a.target = same[i]->id;
        a.reason = fmt::format("duplicate of network {} (id {}): two creates raced", name, short_id(same[0]->id));
        if (auto it = cx.created_objects.find(name); it != cx.created_objects.end()) a.after = {it->second};
        cx.created_objects[name] = cx.add(std::move(a));
    }
}

}  // namespace

void diff_objects_to_create(DiffContext& cx) {
    auto networks = needed_networks(cx);
    for (const auto& n : cx.desired.networks) {
        if (networks.count(n.name)) diff_duplicate_networks(cx, n.name);
        if (!networks.count(n.name) || has_name(cx.observed.networks, n.name) ||
            contains(cx.observed.foreign_networks, n.name))
            continue;
        Action a;
        a.kind = ActionKind::create_network;
        a.target = n.name;
        a.network = n;
        a.reason = "not created yet";
        cx.created_objects[n.name] = cx.add(std::move(a));
    }
    auto volumes = needed_volumes(cx);
    for (const auto& v : cx.desired.volumes) {
        if (!volumes.count(v.name) || has_name(cx.observed.volumes, v.name) ||
            contains(cx.observed.foreign_volumes, v.name))
            continue;
        Action a;
        a.kind = ActionKind::create_volume;
        a.target = v.name;
        a.volume = v;
        a.reason = "not created yet";
        cx.created_objects[v.name] = cx.add(std::move(a));
    }
}

// Containers of this stack whose service is disabled, managed elsewhere, or
// gone from the topology. They wait for nothing: nobody depends on them now.
void diff_undeclared_containers(DiffContext& cx) {
    for (const auto& c : cx.observed.containers) {
        ServiceKey key{c.project(), c.service()};
        if (!service_matches_scope(cx, key) || cx.desired.find(key)) continue;
        Action a;
        a.kind = ActionKind::remove;
        a.target = c.name;
        a.service = key;
        a.replica = c.replica();
        a.container_id = c.id;
        a.reason = undeclared_reason(cx.desired, key);
        a.stop_grace = c.spec.stop_grace_period;
        cx.removed_ids.insert(c.id);
        cx.add(std::move(a));
    }
}

namespace {

bool network_in_use(const DiffContext& cx, const ObservedNetwork& n) {
    for (const auto& id : n.container_ids)
        if (!cx.removed_ids.count(id)) return true;
    for (const auto& c : cx.observed.containers)
        if (!cx.removed_ids.count(c.id) && contains(c.connected_networks, n.name)) return true;
    return false;
}

bool volume_in_use(const DiffContext& cx, const std::string& name) {
    for (const auto& c : cx.observed.containers) {
        if (cx.removed_ids.count(c.id)) continue;
        for (const auto& m : c.spec.mounts)
            if (m.is_volume && m.source == name) return true;
    }
    return false;
}

}  // namespace

// Networks are stack-wide, so only a whole-stack plan removes them; volumes
// hold data, so only --prune-volumes does.
void diff_objects_to_remove(DiffContext& cx) {
    auto after = container_removals_so_far(cx);
    if (cx.opts.project.empty()) {
        for (const auto& n : cx.observed.networks) {
            if (has_name(cx.desired.networks, n.name) || network_in_use(cx, n)) continue;
            Action a;
            a.kind = ActionKind::remove_network;
            a.target = cx.observed.network_ref(n);
            a.reason = "no longer declared";
            a.after = after;
            cx.add(std::move(a));
        }
    }
    if (!cx.opts.prune_volumes) return;
    for (const auto& v : cx.observed.volumes) {
        if (has_name(cx.desired.volumes, v.name) || volume_in_use(cx, v.name)) continue;
        if (!cx.opts.project.empty() && project_label(v.labels) != cx.opts.project) continue;
        Action a;
        a.kind = ActionKind::remove_volume;
        a.target = v.name;
        a.reason = "no longer declared";
        a.after = after;
        cx.add(std::move(a));
    }
}

}  // namespace infractl::diff_detail
