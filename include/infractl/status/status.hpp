#pragma once
// `infractl status`: per service, desired vs running replicas, state, health,
// ports and image. Pure: built from a DesiredState and one ObservedState.
#include <optional>
#include <string>
#include <vector>

#include "infractl/engine/observed_state.hpp"
#include "infractl/resolve/desired_state.hpp"

namespace infractl {

struct ContainerStatus {
    std::string name;
    int replica = 0;
    bool missing = false;  // desired, but no container of that name exists
    ContainerState state = ContainerState::unknown;
    int exit_code = 0;
    Health health = Health::none;
    bool drifted = false;  // config hash differs from the desired one
    // A read replica, as its primary reports it (ObservedState::replication).
    std::optional<ObservedState::Replication> replication;
    // "running", "exited (1)", "missing", ...: what status prints.
    std::string state_text() const;
};

// What a status row stands for: containers infractl runs, a service the
// profile made a managed endpoint or disabled, or containers of the stack
// that no service declares any more.
enum class ServiceKind { container, managed, disabled, orphan };
const char* to_string(ServiceKind k);  // "container", "managed", "disabled", "orphan"

struct ServiceStatus {
    ServiceKey key;
    ServiceKind kind = ServiceKind::container;
    int desired = 0;
    int running = 0;
    int healthy = 0;
    bool has_healthcheck = false;
    std::string override_note;  // "scaled to 5 (topology: 1)"
    std::string endpoint;       // managed services
    std::string ports;          // "127.0.0.1:6379->6379/tcp, ..."
    std::string image;
    std::vector<ContainerStatus> containers;
    // Swarm backend: the nodes running the service's tasks (short ids) and
    // the newest task error ("" when none).
    std::vector<std::string> nodes;
    std::string last_error;
    // A one-shot (something waits for it with service_completed_successfully)
    // is done when it has exited 0: `completed` counts those containers.
    bool oneshot = false;
    int completed = 0;
    // ok: every desired replica running (and healthy where checked); for a
    // one-shot, every replica exited 0.
    bool ok() const;
};

// "streaming, replay lag 0 B, 0.000 s" (status's note line for a read replica).
std::string replication_text(const ObservedState::Replication& r);

std::vector<ServiceStatus> build_status(const DesiredState& desired, const ObservedState& observed);
// The row of a service the profile replaced with a managed endpoint (every backend).
ServiceStatus managed_status(const ManagedService& m);
// A managed endpoint's URL password prints as "(sensitive)" unless show_secrets.
std::string render_status_text(const std::vector<ServiceStatus>& rows, bool color, bool show_secrets = false);
std::string render_status_json(const std::vector<ServiceStatus>& rows, const std::string& stack,
                               const std::string& profile, bool show_secrets = false);

}  // namespace infractl
