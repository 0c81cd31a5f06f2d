#pragma once
// Hand-built desired and observed states for the diff, render, executor and
// scale tests: a small monorepo stack with a global redis, a stateful
// postgres and a replicated celery worker that depends on both.
#include <algorithm>

#include "infractl/engine/observed_state.hpp"
#include "infractl/resolve/desired_state.hpp"

namespace plan_fixtures {

using namespace infractl;

inline ContainerSpec base_spec(const std::string& image, const ServiceKey& key, int replica) {
    ContainerSpec spec;
    spec.image = image;
    spec.networks = {"monorepo_net"};
    spec.labels = {{label::stack, "monorepo"},
                   {label::project, key.project},
                   {label::service, key.service},
                   {label::replica, std::to_string(replica)},
                   {label::managed_by, "infractl"}};
    return spec;
}

// Only the key and the counts: what the scale math reads.
inline DesiredService bare_service(const std::string& project, const std::string& name, int replicas) {
    DesiredService s;
    s.key = {project, name};
    s.replicas = replicas;
    s.topology_replicas = replicas;
    return s;
}

inline DesiredService service(const std::string& project, const std::string& name, const std::string& image,
                              int replicas, bool numbered) {
    DesiredService s = bare_service(project, name, replicas);
    s.global = project == kGlobalProject;
    s.numbered = numbered;
    s.singleton = !numbered;
    s.base_name = s.global ? "monorepo-" + name : project + "-" + name;
    s.config_hash = "hash-" + name;
    s.spec = base_spec(image, s.key, 1);
    for (int r = 1; r <= replicas; ++r) {
        DesiredContainer c;
        c.replica = r;
        c.name = numbered ? s.base_name + "-" + std::to_string(r) : s.base_name;
        c.spec = base_spec(image, s.key, r);
        c.spec.labels[label::config_hash] = s.config_hash;
        s.containers.push_back(c);
    }
    return s;
}

// Rebuilds a service's containers after a test changed replicas or spec.
inline void set_replicas(DesiredService& s, int n) {
    DesiredService fresh = service(s.key.project, s.key.service, s.spec.image, n, s.numbered);
    fresh.depends_on = s.depends_on;
    fresh.stateful = s.stateful;
    fresh.oneshot = s.oneshot;
    fresh.config_hash = s.config_hash;
    fresh.spec = s.spec;
    for (auto& c : fresh.containers) {
        c.spec = s.spec;
        c.spec.labels[label::replica] = std::to_string(c.replica);
        c.spec.labels[label::config_hash] = s.config_hash;
    }
    s = fresh;
}

// What a change of a recreate-relevant field does: a new hash on the service
// and on every container it wants.
inline void set_config_hash(DesiredService& s, const std::string& hash) {
    s.config_hash = hash;
    for (auto& c : s.containers) c.spec.labels[label::config_hash] = hash;
}

inline DesiredService* find(DesiredState& d, const std::string& service) {
    for (auto& s : d.services)
        if (s.key.service == service) return &s;
    return nullptr;
}

inline DesiredState monorepo() {
    DesiredState d;
    d.stack = "monorepo";
    d.profile = "dev";
    d.networks.push_back({"net", "monorepo_net", false, "bridge", {{label::stack, "monorepo"}}});
    d.volumes.push_back({"pgdata", "monorepo_turfoo_pgdata", "turfoo", {{label::stack, "monorepo"}}});
    d.services.push_back(service(kGlobalProject, "redis", "redis:7", 1, false));
    auto pg = service("turfoo", "postgres", "postgres:16", 1, false);
    pg.stateful = true;
    pg.spec.mounts.push_back({true, "monorepo_turfoo_pgdata", "/var/lib/postgresql/data", false});
    for (auto& c : pg.containers) c.spec.mounts = pg.spec.mounts;
    d.services.push_back(pg);
    auto worker = service("turfoo", "celery-worker", "turfoo/app:1", 2, true);
    worker.depends_on = {{{kGlobalProject, "redis"}, DependCondition::service_started},
                         {{"turfoo", "postgres"}, DependCondition::service_started}};
    d.services.push_back(worker);
    return d;
}

inline ObservedContainer running(const DesiredService& s, const DesiredContainer& c) {
    ObservedContainer o;
    o.id = "id-" + c.name;
    o.name = c.name;
    o.labels = c.spec.labels;
    o.image = c.spec.image;
    o.image_id = "sha256:" + c.spec.image;
    o.state = ContainerState::running;
    o.spec = c.spec;
    o.connected_networks = c.spec.networks;
    (void)s;
    return o;
}

// The engine after a successful `up` of `d`.
inline ObservedState matching(const DesiredState& d) {
    ObservedState o;
    o.stack = d.stack;
    for (const auto& n : d.networks) o.networks.push_back({"nid-" + n.name, n.name, n.internal, n.driver, n.labels, {}});
    for (const auto& v : d.volumes) o.volumes.push_back({v.name, v.labels});
    for (const auto& s : d.services) {
        o.image_ids[s.spec.image] = "sha256:" + s.spec.image;
        for (const auto& c : s.containers) o.containers.push_back(running(s, c));
    }
    std::sort(o.containers.begin(), o.containers.end(), [](auto& a, auto& b) { return a.name < b.name; });
    return o;
}

inline ObservedContainer* find(ObservedState& o, const std::string& name) {
    for (auto& c : o.containers)
        if (c.name == name) return &c;
    return nullptr;
}

}  // namespace plan_fixtures
