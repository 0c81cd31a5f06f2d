#pragma once
// DesiredState -> Swarm objects (Engine API 1.41). Pure. docs/swarm.md has
// the mapping table; the points that differ from the Docker backend:
// - one Swarm service per declared service, named like its container without
//   the replica number (DesiredService::base_name), replicated with the
//   count, or a replicated job (one completion) when it is a one-shot;
// - labels io.infractl.* on the service and on its tasks' containers, without
//   io.infractl.replica (Swarm numbers the tasks itself);
// - the CPU reservation is a real reservation: Swarm places no task on a node
//   that cannot hold it;
// - updates: parallelism 1, failure action rollback, start-first for
//   stateless replicated services, stop-first for stateful ones (a named
//   volume) and singletons, so a singleton never runs twice;
// - ports go through the routing mesh, which listens on every interface of
//   every node. A port the profile binds to a loopback address is therefore
//   not published (publishing it would expose it): SwarmPort says so and the
//   plan prints a note.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "infractl/resolve/desired_state.hpp"

namespace infractl {

// The ServiceSpec for POST /services/create and /services/{id}/update.
nlohmann::json swarm_service_spec(const DesiredService& s);

// The NetworkCreate body for an attachable overlay network.
nlohmann::json swarm_network_spec(const DesiredNetwork& n);

// A port of the topology, as the Swarm backend publishes it.
struct SwarmPort {
    PortMapping port;
    bool published = false;
    std::string why_not;  // when not published: "bound to 127.0.0.1: the routing mesh listens on every interface"
};
std::vector<SwarmPort> swarm_ports(const ContainerSpec& spec);

// Whether an update of the service starts the new task before stopping the old.
bool swarm_start_first(const DesiredService& s);

}  // namespace infractl
