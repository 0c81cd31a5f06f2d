#pragma once
// The plan is data: a list of actions, each with its target, kind and reasons.
// `plan`, `up --dry-run`, logs and golden tests all print the same Plan
// (render.hpp); `up` executes it (apply/executor.hpp). A plan carries
// everything apply needs (specs, network and volume definitions, pull
// policies, what to wait for and the services in scope): the executor reads
// nothing but the plan.
#include <cstdint>
#include <string>
#include <vector>

#include "infractl/resolve/desired_state.hpp"
#include "infractl/scale/celery_worker.hpp"

namespace infractl {

enum class ActionKind {
    create_network,
    create_volume,
    create,     // create + start a container ("+")
    start,      // start a stopped container ("~")
    update,     // live update of cpu/memory/restart ("~")
    reconnect,  // connect a container to a network it lost ("~")
    recreate,   // replace: new container, old one removed ("-/+")
    remove,     // remove a container: orphan or scale-down ("-")
    remove_network,
    remove_volume,
    // Swarm backend: one Swarm service per declared service.
    create_service,  // "+": POST /services/create with service_spec
    update_service,  // "~": POST /services/{id}/update?version=N with the whole service_spec
    remove_service,  // "-": DELETE /services/{id}
};

const char* to_string(ActionKind k);  // "create", "start", ...
// "+", "~", "-/+", "-"
const char* symbol(ActionKind k);

// One field that differs: "memory: 512M -> 1G".
struct FieldChange {
    std::string field;
    std::string from;  // "" = absent
    std::string to;
    // A secret value: renderers print "(sensitive)" unless show_secrets.
    bool sensitive = false;
    friend bool operator==(const FieldChange&, const FieldChange&) = default;
};

enum class ReplaceOrder { start_first, stop_first };

// A depends_on condition an action must see met before it starts its
// container: every container of `target` (names from the desired state)
// started, healthy, or exited 0.
struct DependencyWait {
    ServiceKey target;
    DependCondition condition = DependCondition::service_started;
    std::vector<std::string> containers;
};

// A service the plan covers, in dependency order: what `up --wait` waits for
// (every container ready, or exited 0 for a one-shot).
struct ScopedService {
    ServiceKey key;
    std::vector<std::string> containers;
    bool oneshot = false;
};

struct Action {
    ActionKind kind = ActionKind::create;
    std::string target;     // engine object name: container, network or volume
    ServiceKey service;     // empty for networks and volumes
    int replica = 0;
    std::string reason;     // "container removed outside infractl", "not declared", ...
    std::vector<FieldChange> changes;
    std::string container_id;  // existing container, for start/update/recreate/remove
    ReplaceOrder order = ReplaceOrder::stop_first;  // recreate only
    // For create/recreate/update: the spec to create or apply (copied so that
    // the executor needs nothing but the plan).
    ContainerSpec spec;
    Duration stop_grace{10'000'000'000};  // remove/recreate: grace for the old one
    // Scale-in remove or recreate of a Celery worker (read from the running
    // container's command): before the stop, the worker is told to stop
    // consuming and gets up to stop_grace to finish what it holds
    // (apply/celery_drain.cpp). Unset for everything else, and for `down`.
    std::optional<CeleryWorker> drain;
    std::vector<std::string> networks;  // reconnect: networks to connect
    PullPolicy pull = PullPolicy::missing;  // create/recreate: when to pull spec.image
    std::vector<DependencyWait> waits;      // create/start/recreate: met before the container starts
    DesiredNetwork network;                 // create_network: what to create (name == target)
    DesiredVolume volume;                   // create_volume: what to create (name == target)
    // Swarm backend: the ServiceSpec (JSON text) to create or update with,
    // the service's id and the version the update is based on.
    std::string service_spec;
    std::string service_id;
    std::int64_t service_version = 0;
    // Indices into Plan::actions that must finish before this one starts
    // (networks before containers, dependencies before dependents, a
    // service's creates before its scale-down removes). Always smaller than
    // this action's own index, so the list is a valid topological order.
    std::vector<std::size_t> after;
};

// A name the desired state needs is held by an object infractl does not own.
struct Conflict {
    std::string object;  // "container", "network", "volume"
    std::string name;
    std::string detail;  // "container monorepo-redis (id 1a2b3c) has no io.infractl labels"
    std::string hint;    // "" = a name taken by a foreign object (the usual hint)
};

// An image a `build:` makes (app/build_images.hpp): built, before any action
// runs, when its content-addressed tag is missing or `up --build` asks.
struct ImageBuild {
    std::string image;                  // infractl-build/{base}:{hash}
    std::vector<ServiceKey> services;   // that run it
    BuildSpec build;                    // the first service's (same tag = same inputs)
    std::string reason;                 // "tag missing", "context changed (was ...)", "--build"
};

struct Plan {
    std::string stack;
    std::string profile;
    std::vector<ImageBuild> builds;  // by image; run first, an error stops everything
    std::vector<Action> actions;  // in apply order (see diff.hpp)
    std::vector<Conflict> conflicts;  // non-empty = refuse to apply
    // The services this plan is about (a --project scope and the globals it
    // needs; the targets of a scale), in dependency order. Empty for `down`.
    std::vector<ScopedService> scope;
    // Counts for the summary line.
    int to_add() const;
    int to_change() const;
    int to_destroy() const;
    bool empty() const { return actions.empty() && builds.empty(); }
};

}  // namespace infractl
