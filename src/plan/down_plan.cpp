#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "infractl/plan/down.hpp"

namespace infractl {

namespace {

bool is_global(const ObservedContainer& c) { return c.project() == kGlobalProject; }

// Removal waves: a service goes once every service that depends on it has
// gone. Its rank is its height in the dependency graph (0: nothing depends on
// it), so services that do not depend on each other go in the same wave: a
// rank per service would stop them one at a time. Globals go after every
// project service; services unknown to the topology go first (unknown
// globals last).
class RemovalRanks {
public:
    explicit RemovalRanks(const DesiredState* desired) {
        if (!desired) return;
        // Dependency order lists a service after what it depends on, so in
        // reverse every dependent is final before its dependencies are seen.
        for (auto it = desired->services.rbegin(); it != desired->services.rend(); ++it) {
            int h = height_[it->key];
            for (const auto& dep : it->depends_on) height_[dep.target] = std::max(height_[dep.target], h + 1);
        }
    }
    int operator()(const ServiceKey& key) const {
        bool global = key.project == kGlobalProject;
        auto it = height_.find(key);
        if (it == height_.end()) return global ? 1'000'000 : -1;
        return global ? 100'000 + it->second : it->second;
    }

private:
    std::map<ServiceKey, int> height_;
};

// The topology's stop grace when the service is still declared, else the
// container's own (kEngineStopTimeout when only its list entry was read).
Duration grace_for(const ObservedContainer& c, const ServiceKey& key, const DesiredState* desired) {
    if (desired) {
        if (const DesiredService* s = desired->find(key)) return s->spec.stop_grace_period;
    }
    return c.spec.stop_grace_period;
}

std::vector<const ObservedContainer*> containers_to_remove(const ObservedState& observed, const DownOptions& opts) {
    std::vector<const ObservedContainer*> out;
    bool project_left = false;
    for (const auto& c : observed.containers) {
        if (is_global(c)) continue;
        if (opts.all || opts.project.empty() || c.project() == opts.project)
            out.push_back(&c);
        else
            project_left = true;
    }
    if (opts.all || !project_left) {
        for (const auto& c : observed.containers)
            if (is_global(c)) out.push_back(&c);
    }
    return out;
}

}  // namespace

Plan plan_down(const ObservedState& observed, const DesiredState* desired, const DownOptions& opts) {
    Plan plan;
    plan.stack = observed.stack;
    plan.profile = desired ? desired->profile : "";

    auto victims = containers_to_remove(observed, opts);
    RemovalRanks removal_rank(desired);
    std::stable_sort(victims.begin(), victims.end(), [&](const auto* a, const auto* b) {
        int ra = removal_rank({a->project(), a->service()});
        int rb = removal_rank({b->project(), b->service()});
        if (ra != rb) return ra < rb;
        return a->name < b->name;
    });

    // Each rank waits for every action of the ranks before it.
    std::vector<std::size_t> previous_rank, current_rank;
    int rank = -2;  // below every rank
    std::set<std::string> removed_ids;
    bool globals_go = false;
    for (const auto* c : victims) {
        ServiceKey key{c->project(), c->service()};
        int r = removal_rank(key);
        if (r != rank) {
            previous_rank.insert(previous_rank.end(), current_rank.begin(), current_rank.end());
            current_rank.clear();
            rank = r;
        }
        Action a;
        a.kind = ActionKind::remove;
        a.target = c->name;
        a.service = key;
        a.replica = c->replica();
        a.container_id = c->id;
        a.reason = "down";
        a.stop_grace = grace_for(*c, key, desired);
        a.after = previous_rank;
        current_rank.push_back(plan.actions.size());
        plan.actions.push_back(std::move(a));
        removed_ids.insert(c->id);
        if (is_global(*c)) globals_go = true;
    }
    std::vector<std::size_t> all_containers(plan.actions.size());
    for (std::size_t i = 0; i < all_containers.size(); ++i) all_containers[i] = i;

    std::set<std::string> remaining_ids;
    for (const auto& c : observed.containers)
        if (!removed_ids.count(c.id)) remaining_ids.insert(c.id);
    bool nothing_left = remaining_ids.empty();

    for (const auto& n : observed.networks) {
        bool in_use = std::any_of(n.container_ids.begin(), n.container_ids.end(),
                                  [&](const std::string& id) { return !removed_ids.count(id); });
        if (in_use || !(nothing_left || opts.all)) continue;
        Action a;
        a.kind = ActionKind::remove_network;
        a.target = observed.network_ref(n);
        a.reason = "down";
        a.after = all_containers;
        plan.actions.push_back(std::move(a));
    }
    // A whole-stack down takes the global volumes once no global container is
    // left, even when an earlier `down` (without --volumes) removed the globals:
    // otherwise "down; down --volumes" would leave them forever.
    bool global_left = std::any_of(observed.containers.begin(), observed.containers.end(), [&](const auto& c) {
        return is_global(c) && !removed_ids.count(c.id);
    });
    bool global_volumes_go = globals_go || ((opts.all || opts.project.empty()) && !global_left);
    if (opts.volumes) {
        for (const auto& v : observed.volumes) {
            auto it = v.labels.find(label::project);
            std::string project = it == v.labels.end() ? "" : it->second;
            bool goes = project == kGlobalProject ? global_volumes_go
                                                  : (opts.all || opts.project.empty() || project == opts.project);
            if (!goes) continue;
            Action a;
            a.kind = ActionKind::remove_volume;
            a.target = v.name;
            a.reason = "down --volumes";
            a.after = all_containers;
            plan.actions.push_back(std::move(a));
        }
    }
    return plan;
}

}  // namespace infractl
