#pragma once
// The Swarm endpoints of the Engine API (1.41) over the engine's socket,
// through DockerEngine's connection (negotiation, typed errors). A swarm that
// infractl did not initialise is used as it is: nothing here runs `swarm
// init` or `leave`.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "infractl/engine/docker_engine.hpp"
#include "infractl/resolve/desired_state.hpp"
#include "infractl/swarm/swarm_state.hpp"

namespace infractl {

class SwarmClient {
public:
    explicit SwarmClient(DockerEngine& engine) : engine_(engine) {}

    // Throws Error(refused) with a hint when the engine is not a Swarm manager.
    void require_manager();

    // The snapshot: the stack's services with their tasks, its overlay
    // networks, and foreign services/networks holding names `desired` needs.
    SwarmSnapshot observe(const std::string& stack, const DesiredState* desired);
    ObservedService inspect_service(const std::string& id_or_name);
    std::vector<SwarmTask> tasks_of(const std::string& service_name);

    std::string create_service(const std::string& spec_json);
    // POST /services/{id}/update?version=N. A stale version ("update out of
    // sequence": someone changed the service since it was read) is re-read
    // and sent again, up to 5 times.
    void update_service(const std::string& id, std::int64_t version, const std::string& spec_json);
    void remove_service(const std::string& id);  // already gone = ok
    void create_network(const DesiredNetwork& net);
    void remove_network(const std::string& name);  // already gone = ok

private:
    DockerEngine& engine_;
};

}  // namespace infractl
