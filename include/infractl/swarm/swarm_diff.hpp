#pragma once
// DesiredState x SwarmSnapshot -> Plan, pure, like plan/diff.hpp for
// containers. A service is compared field by field with the live spec
// (swarm_fields: the same reading of both sides), so changes made by hand
// (`docker service update --replicas 7`, `--limit-memory 300m`, `--image`)
// and a service removed by hand show up with the field and its values.
//
// Action order: overlay networks first, then services in dependency order
// (creates wait for their dependencies' depends_on conditions: the waits
// name the target's Swarm service), then removals of services no longer
// declared (never one without this stack's labels: a foreign service holding
// a needed name is a conflict).
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "infractl/backend/reconciler.hpp"
#include "infractl/plan/plan.hpp"
#include "infractl/swarm/swarm_state.hpp"

namespace infractl {

// A ServiceSpec read as "field -> value" text: image, replicas, command,
// args, environment.KEY, user, working_dir, stop_signal, stop_grace_period,
// mounts, networks (by name), ports, cpus, memory, cpu reservation, memory
// reservation, healthcheck, restart, update order, label KEY. Fields the
// spec leaves out read as "".
std::map<std::string, std::string> swarm_fields(const nlohmann::json& spec,
                                                const std::map<std::string, std::string>& network_names);

Plan swarm_diff(const DesiredState& desired, const SwarmSnapshot& observed, const PlanScope& scope);

// `down` on a Swarm: every service of the stack (or of one project, globals
// last and only when no project service is left, as on the Docker backend),
// then the networks when nothing of the stack is left.
Plan swarm_down(const SwarmSnapshot& observed, const DesiredState* desired, const DownOptions& opts);

}  // namespace infractl
