#pragma once
// What `logs` and `exec` attach to: the containers of the selected project,
// service and replica, found by their labels in one list of the stack, and
// the names people see for them ("turfoo/celery-worker#2", "redis#1").
// Pure: the caller lists the containers and reads the topology.
#include <optional>
#include <string>
#include <vector>

#include "infractl/engine/observed_state.hpp"
#include "infractl/resolve/desired_state.hpp"

namespace infractl {

// How the globals are named on the command line: `infractl logs global redis`.
inline constexpr const char* kGlobalProjectArg = "global";

struct Selection {
    std::string project;  // "" = every project (and the globals); kGlobalProject for the globals
    std::string service;  // "" = every service of the project
    std::optional<int> replica;
};

// Checks `project` and `service` against the desired state (the topology
// under this profile) and maps "global" to kGlobalProject unless a project
// of that name exists. Throws Error(invalid_input) "unknown project 'x'" or
// "unknown service 'y' in project 'x'", with a did-you-mean hint.
Selection check_selection(const DesiredState& desired, std::string project, std::string service,
                          std::optional<int> replica);

struct Target {
    ServiceKey key;
    int replica = 0;
    std::string container;  // engine name
    std::string id;
    ContainerState state = ContainerState::unknown;
    int exit_code = 0;
    std::string label() const;  // "turfoo/celery-worker#2", globals "redis#1"
    friend bool operator==(const Target&, const Target&) = default;
};

// The stack's containers that match the selection, by (project, service,
// replica); containers without infractl's project/service labels are left out.
std::vector<Target> select_targets(const std::vector<ObservedContainer>& containers, const Selection& sel);

// The replica `exec` runs in: `replica` when given (it must be running),
// else the lowest-numbered running one. Throws Error(refused) naming the
// service and what its replicas are doing when there is none to run in.
const Target& pick_running(const std::vector<Target>& targets, const ServiceKey& key, std::optional<int> replica);

}  // namespace infractl
