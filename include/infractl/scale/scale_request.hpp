#pragma once
// `infractl scale` requests: parsing "SERVICE=N|reset", the refusals
// (singletons, max_replicas, unknown services), and turning accepted requests
// into remembered overrides. Pure: the caller does the I/O.
#include <optional>
#include <string>
#include <vector>

#include "infractl/resolve/desired_state.hpp"
#include "infractl/resolve/resolve.hpp"

namespace infractl {

struct ScaleRequest {
    std::string project;
    std::string service;
    std::optional<int> replicas;  // nullopt = reset to the topology's count
};

// Throws Error(invalid_input) on "worker", "worker=", "worker=-1", "worker=abc".
std::vector<ScaleRequest> parse_scale_requests(const std::string& project,
                                               const std::vector<std::string>& assignments);

// Throws Error(refused) for a singleton above 1, a count above max_replicas,
// a managed or disabled service; Error(invalid_input) for an unknown project
// or service (with "did you mean"). Checks every request before any change.
void check_scale_requests(const DesiredState& desired, const std::vector<ScaleRequest>& requests);

// Sets or clears the overrides, and the desired state's counts and container
// lists with them; `base` records the topology's count so the override lapses
// when the topology's own number changes.
void apply_scale_requests(DesiredState& desired, const std::vector<ScaleRequest>& requests,
                          Overrides& overrides);

}  // namespace infractl
