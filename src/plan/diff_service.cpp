// One declared service: its replicas against the containers that claim them.
#include <algorithm>

#include <fmt/format.h>

#include "diff_context.hpp"
#include "diff_fields.hpp"

namespace infractl::diff_detail {

namespace {

// What the service's containers wait for before they start: each depends_on
// condition, on every container of a target the desired state runs (a managed
// or disabled target has none here, so there is nothing to wait for).
std::vector<DependencyWait> dependency_waits(const DesiredState& desired, const DesiredService& s) {
    std::vector<DependencyWait> out;
    for (const auto& dep : s.depends_on) {
        const DesiredService* target = desired.find(dep.target);
        if (!target) continue;
        DependencyWait w{dep.target, dep.condition, {}};
        for (const auto& c : target->containers) w.containers.push_back(c.name);
        out.push_back(std::move(w));
    }
    return out;
}

struct ServiceDiff {
    DiffContext& cx;
    const DesiredService& s;
    std::vector<std::size_t> base_after;   // networks, volumes, dependencies
    std::vector<std::size_t> own;          // this service's non-remove actions
    std::vector<const ObservedContainer*> extras;  // duplicates and scale-down victims
    std::optional<std::size_t> last_recreate;

    std::size_t push(Action a) {
        a.service = s.key;
        if (a.kind == ActionKind::create || a.kind == ActionKind::start || a.kind == ActionKind::recreate)
            a.waits = dependency_waits(cx.desired, s);
        if (a.kind == ActionKind::create || a.kind == ActionKind::recreate) a.pull = s.pull_policy;
        std::size_t i = cx.add(std::move(a));
        cx.service_actions[s.key].push_back(i);
        return i;
    }
};

std::string short_image_id(const std::string& id) {
    const std::string prefix = "sha256:";
    std::string hex = id.rfind(prefix, 0) == 0 ? id.substr(prefix.size()) : id;
    return prefix + hex.substr(0, 12) + "\u2026";
}

std::vector<std::size_t> base_after(const DiffContext& cx, const DesiredService& s) {
    std::set<std::size_t> out;
    auto object = [&](const std::string& name) {
        auto it = cx.created_objects.find(name);
        if (it != cx.created_objects.end()) out.insert(it->second);
    };
    for (const auto& n : s.spec.networks) object(n);
    for (const auto& c : s.containers)
        for (const auto& n : c.spec.networks) object(n);
    for (const auto& m : s.spec.mounts)
        if (m.is_volume) object(m.source);
    for (const auto& c : s.containers)  // per-replica volumes (read replicas)
        for (const auto& m : c.spec.mounts)
            if (m.is_volume) object(m.source);
    for (const auto& dep : s.depends_on) {
        auto it = cx.service_actions.find(dep.target);
        if (it != cx.service_actions.end()) out.insert(it->second.begin(), it->second.end());
    }
    return {out.begin(), out.end()};
}

// Start-first needs two containers at once: impossible with a fixed host
// port, unsafe with a volume (two writers), pointless for a singleton.
ReplaceOrder replace_order(const DesiredService& s) {
    bool fixed_port = std::any_of(s.spec.ports.begin(), s.spec.ports.end(),
                                  [](const PortMapping& p) { return p.host_port != 0; });
    return s.numbered && !s.stateful && !fixed_port ? ReplaceOrder::start_first : ReplaceOrder::stop_first;
}

Action container_action(ActionKind kind, const DesiredContainer& dc, const ObservedContainer* o) {
    Action a;
    a.kind = kind;
    a.target = dc.name;
    a.replica = dc.replica;
    a.spec = dc.spec;
    if (o) {
        a.container_id = o->id;
        a.stop_grace = o->spec.stop_grace_period.ns > 0 ? o->spec.stop_grace_period : dc.spec.stop_grace_period;
    }
    return a;
}

void add_recreate(ServiceDiff& sd, const DesiredContainer& dc, const ObservedContainer& o, std::string reason,
                  std::vector<FieldChange> changes) {
    Action a = container_action(ActionKind::recreate, dc, &o);
    a.reason = std::move(reason);
    a.changes = std::move(changes);
    a.order = replace_order(sd.s);
    a.drain = celery_worker(o.spec.command);
    a.after = sd.base_after;
    // Rolling: one replica at a time, so the service never loses every replica.
    if (sd.last_recreate) a.after.push_back(*sd.last_recreate);
    std::size_t i = sd.push(std::move(a));
    sd.last_recreate = i;
    sd.own.push_back(i);
    sd.cx.removed_ids.insert(o.id);
}

bool completed_oneshot(const DesiredService& s, const ObservedContainer& o) {
    return s.oneshot && o.state == ContainerState::exited && o.exit_code == 0;
}

std::string start_reason(const DesiredService& s, const ObservedContainer& o) {
    if (s.oneshot && o.state == ContainerState::exited)
        return fmt::format("oneshot exited with code {}; running it again", o.exit_code);
    if (o.state == ContainerState::created) return "container is created but was never started";
    return fmt::format("container is {} (stopped outside infractl?)", to_string(o.state));
}

std::vector<std::string> missing_networks(const DesiredContainer& dc, const ObservedContainer& o) {
    std::vector<std::string> out;
    for (const auto& n : dc.spec.networks)
        if (std::find(o.connected_networks.begin(), o.connected_networks.end(), n) == o.connected_networks.end())
            out.push_back(n);
    return out;
}

// POST /containers/{id}/update reads 0 as "unchanged" and refuses -1, so a
// cpu or memory limit can be changed live but never lifted: the plan would
// report "done" and never settle.
bool lifts_a_limit(const std::vector<FieldChange>& live) {
    return std::any_of(live.begin(), live.end(),
                       [](const FieldChange& c) { return c.field != "restart" && c.to.empty(); });
}

// Drift that a live call can repair: resources, a stopped container, a lost network.
void diff_in_place(ServiceDiff& sd, const DesiredContainer& dc, const ObservedContainer& o) {
    std::vector<std::size_t> after = sd.base_after;
    auto live = live_changes(dc.spec, o.spec);
    if (lifts_a_limit(live))
        return add_recreate(sd, dc, o, "a resource limit is removed (the engine cannot lift it in place)",
                            std::move(live));
    if (!live.empty()) {
        Action a = container_action(ActionKind::update, dc, &o);
        a.reason = "resources changed";
        a.changes = std::move(live);
        a.after = sd.base_after;
        std::size_t i = sd.push(std::move(a));
        sd.own.push_back(i);
        after.push_back(i);
    }
    auto lost = missing_networks(dc, o);
    if (!lost.empty()) {
        Action a = container_action(ActionKind::reconnect, dc, &o);
        a.reason = "disconnected from " + join(lost, ", ") + " (outside infractl?)";
        a.changes.push_back({"networks", join(o.connected_networks, ", "), join(dc.spec.networks, ", ")});
        a.networks = lost;
        a.after = after;
        std::size_t i = sd.push(std::move(a));
        sd.own.push_back(i);
        after.push_back(i);
    }
    bool stopped = o.state == ContainerState::exited || o.state == ContainerState::created;
    if (stopped && !completed_oneshot(sd.s, o)) {
        Action a = container_action(ActionKind::start, dc, &o);
        a.reason = start_reason(sd.s, o);
        a.after = after;
        sd.own.push_back(sd.push(std::move(a)));
    }
}

void diff_existing(ServiceDiff& sd, const DesiredContainer& dc, const ObservedContainer& o) {
    if (o.state == ContainerState::dead) return add_recreate(sd, dc, o, "container is dead", {});
    if (o.name != dc.name)
        return add_recreate(sd, dc, o, fmt::format("container is named {}, expected {}", o.name, dc.name),
                            {{"name", o.name, dc.name}});
    if (o.config_hash() != sd.s.config_hash)
        return add_recreate(sd, dc, o, "configuration changed", recreate_changes(dc.spec, o));
    auto img = sd.cx.observed.image_ids.find(dc.spec.image);
    if (img != sd.cx.observed.image_ids.end() && !o.image_id.empty() && o.image_id != img->second)
        return add_recreate(sd, dc, o,
                            fmt::format("image '{}' now points to {} (was {})", dc.spec.image,
                                        short_image_id(img->second), short_image_id(o.image_id)),
                            {});
    diff_in_place(sd, dc, o);
}

// Two containers claiming one replica (a crash between create and rename):
// keep the one with the expected name, then a running one, then the first.
const ObservedContainer* pick_keeper(std::vector<const ObservedContainer*>& claims, const std::string& name) {
    auto score = [&](const ObservedContainer* c) { return (c->name == name ? 2 : 0) + (c->state == ContainerState::running ? 1 : 0); };
    std::stable_sort(claims.begin(), claims.end(),
                     [&](const auto* a, const auto* b) { return score(a) > score(b); });
    return claims.empty() ? nullptr : claims.front();
}

void add_removes(ServiceDiff& sd, int observed_replicas) {
    std::stable_sort(sd.extras.begin(), sd.extras.end(), [](const auto* a, const auto* b) {
        if (a->replica() != b->replica()) return a->replica() > b->replica();
        return a->name > b->name;
    });
    for (const auto* o : sd.extras) {
        Action a;
        a.kind = ActionKind::remove;
        a.target = o->name;
        a.replica = o->replica();
        a.container_id = o->id;
        // The service's grace (the surplus is known from its list entry only).
        a.stop_grace = sd.s.spec.stop_grace_period;
        a.drain = celery_worker(o->spec.command);
        if (o->replica() < 1)
            a.reason = "no valid io.infractl.replica label";
        else if (o->replica() > sd.s.replicas)
            a.reason = fmt::format("scale down {} -> {}", observed_replicas, sd.s.replicas);
        else
            a.reason = fmt::format("duplicate of replica {}", o->replica());
        a.after = sd.own;
        sd.cx.removed_ids.insert(o->id);
        sd.push(std::move(a));
    }
}

}  // namespace

void diff_service(DiffContext& cx, const DesiredService& s) {
    ServiceDiff sd{cx, s, base_after(cx, s), {}, {}, {}};
    std::map<int, std::vector<const ObservedContainer*>> by_replica;
    for (const auto* o : containers_of(cx.observed, s.key)) by_replica[o->replica()].push_back(o);
    int observed_replicas = 0;
    for (const auto& [r, claims] : by_replica) observed_replicas += r >= 1;

    for (const auto& dc : s.containers) {
        auto& claims = by_replica[dc.replica];
        const ObservedContainer* keeper = pick_keeper(claims, dc.name);
        for (const auto* o : claims)
            if (o != keeper) sd.extras.push_back(o);
        if (keeper) {
            diff_existing(sd, dc, *keeper);
            continue;
        }
        if (cx.taken_containers.count(dc.name)) continue;
        Action a = container_action(ActionKind::create, dc, nullptr);
        // Scale-up or removed by hand: the snapshot cannot tell them apart.
        a.reason = observed_replicas == 0 ? "not created yet"
                                          : fmt::format("replica {} of {} is missing", dc.replica, s.replicas);
        a.after = sd.base_after;
        sd.own.push_back(sd.push(std::move(a)));
    }
    for (const auto& [r, claims] : by_replica)
        if (r < 1 || r > static_cast<int>(s.containers.size()))
            sd.extras.insert(sd.extras.end(), claims.begin(), claims.end());
    add_removes(sd, observed_replicas);
}

}  // namespace infractl::diff_detail
