#pragma once
// What every backend's diff shares about scope and removals (plan/diff.hpp
// for containers, swarm/swarm_diff.hpp for Swarm services). Pure.
#include <set>
#include <string>

#include "infractl/resolve/desired_state.hpp"

namespace infractl {

// A project scope takes in the globals it depends on, transitively, so that
// `up --project turfoo` also starts the redis turfoo needs. "" = every service.
std::set<ServiceKey> services_in_scope(const DesiredState& desired, const std::string& project);

// Why the objects of a service the desired state does not run are removed:
// "disabled in profile 'P'", "replaced by a managed endpoint in the profile",
// or "service no longer declared".
std::string undeclared_reason(const DesiredState& desired, const ServiceKey& key);

}  // namespace infractl
