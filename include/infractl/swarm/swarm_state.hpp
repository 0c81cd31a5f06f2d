#pragma once
// One snapshot of what a Swarm runs for a stack (the Swarm backend's
// ObservedState): services and their tasks, overlay networks, and foreign
// objects holding names the desired state needs. Built from one list call
// per kind, filtered by the io.infractl.stack label (services, networks) or
// by service (tasks). Parsing is pure and unit-tested.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace infractl {

struct SwarmTask {
    std::string id;
    std::string service_id;
    std::string node_id;
    int slot = 0;
    std::string state;          // Status.State: new ... running, complete, failed, shutdown, rejected
    std::string desired_state;  // DesiredState: running, shutdown, complete
    std::string error;          // Status.Err
    std::string message;        // Status.Message
    std::string container_id;   // Status.ContainerStatus.ContainerID (on the task's node)
    std::string timestamp;      // Status.Timestamp, for "the last error"
};

struct ObservedService {
    std::string id;
    std::int64_t version = 0;  // Version.Index: updates must name it
    std::string name;
    std::map<std::string, std::string> labels;
    nlohmann::json spec;        // Spec as the engine holds it
    std::string update_state;   // UpdateStatus.State: updating, completed, rollback_started, ... ("" = none)
    std::string update_message;
    std::string update_started_at;  // UpdateStatus.StartedAt: tells one update from the next
    std::vector<SwarmTask> tasks;

    std::string stack() const;
    std::string project() const;
    std::string service() const;
    // Tasks whose desired and actual state are running.
    int running_tasks() const;
    // The newest task error, "" when none.
    std::string last_task_error() const;
};

struct ObservedSwarmNetwork {
    std::string id;
    std::string name;
    std::string driver;
    bool internal = false;
    std::map<std::string, std::string> labels;
};

struct SwarmSnapshot {
    std::string stack;
    std::vector<ObservedService> services;        // of this stack, sorted by name
    std::vector<ObservedSwarmNetwork> networks;   // of this stack, sorted by name
    std::vector<std::string> foreign_services;    // names the desired state needs, held by services without our labels
    std::vector<std::string> foreign_networks;
    std::map<std::string, std::string> network_names;  // id -> name of every network the engine listed
};

ObservedService service_from_json(const nlohmann::json& j);
SwarmTask task_from_json(const nlohmann::json& j);
ObservedSwarmNetwork swarm_network_from_json(const nlohmann::json& j);

}  // namespace infractl
