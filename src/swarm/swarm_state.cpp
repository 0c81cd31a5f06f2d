#include "infractl/swarm/swarm_state.hpp"

#include <algorithm>

#include "infractl/core/error.hpp"
#include "infractl/engine/json_read.hpp"
#include "infractl/resolve/desired_state.hpp"

namespace infractl {

namespace jr = jsonr;
using json = nlohmann::json;

namespace {

std::string label_of(const std::map<std::string, std::string>& labels, const char* key) {
    auto it = labels.find(key);
    return it == labels.end() ? std::string() : it->second;
}

}  // namespace

std::string ObservedService::stack() const { return label_of(labels, label::stack); }
std::string ObservedService::project() const { return label_of(labels, label::project); }
std::string ObservedService::service() const { return label_of(labels, label::service); }

int ObservedService::running_tasks() const {
    return static_cast<int>(std::count_if(tasks.begin(), tasks.end(), [](const SwarmTask& t) {
        return t.state == "running" && t.desired_state == "running";
    }));
}

std::string ObservedService::last_task_error() const {
    const SwarmTask* newest = nullptr;
    for (const auto& t : tasks)
        if (!t.error.empty() && (!newest || t.timestamp > newest->timestamp)) newest = &t;
    return newest ? newest->error : "";
}

ObservedService service_from_json(const json& j) {
    if (!j.is_object() || jr::str(j, "ID").empty())
        throw Error(ErrorKind::malformed_response, "service list entry has no ID");
    ObservedService s;
    s.id = jr::str(j, "ID");
    s.version = jr::i64(jr::object(j, "Version"), "Index");
    s.spec = jr::object(j, "Spec");
    s.name = jr::str(s.spec, "Name");
    s.labels = jr::string_map(s.spec, "Labels");
    const json& update = jr::object(j, "UpdateStatus");
    s.update_state = jr::str(update, "State");
    s.update_message = jr::str(update, "Message");
    s.update_started_at = jr::str(update, "StartedAt");
    return s;
}

SwarmTask task_from_json(const json& j) {
    SwarmTask t;
    t.id = jr::str(j, "ID");
    t.service_id = jr::str(j, "ServiceID");
    t.node_id = jr::str(j, "NodeID");
    t.slot = static_cast<int>(jr::i64(j, "Slot"));
    t.desired_state = jr::str(j, "DesiredState");
    const json& status = jr::object(j, "Status");
    t.state = jr::str(status, "State");
    t.error = jr::str(status, "Err");
    t.message = jr::str(status, "Message");
    t.timestamp = jr::str(status, "Timestamp");
    t.container_id = jr::str(jr::object(status, "ContainerStatus"), "ContainerID");
    return t;
}

ObservedSwarmNetwork swarm_network_from_json(const json& j) {
    ObservedSwarmNetwork n;
    n.id = jr::str(j, "Id");
    n.name = jr::str(j, "Name");
    n.driver = jr::str(j, "Driver");
    n.internal = jr::boolean(j, "Internal");
    n.labels = jr::string_map(j, "Labels");
    return n;
}

}  // namespace infractl
