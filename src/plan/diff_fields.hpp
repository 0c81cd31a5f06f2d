#pragma once
// Field-by-field comparison of a desired spec with what inspect reports,
// shared by the diff's recreate and update-in-place decisions. Private to
// src/plan.
#include <string>
#include <vector>

#include "infractl/engine/observed_state.hpp"
#include "infractl/plan/plan.hpp"

namespace infractl::diff_detail {

// What forces a recreate: only fields the desired spec declares are compared
// for command, entrypoint, user, working_dir, stop_signal and healthcheck,
// because inspect reports the image's defaults for the rest.
std::vector<FieldChange> recreate_changes(const ContainerSpec& want, const ObservedContainer& have);

// CPU, memory, reservations and restart policy: changeable live.
std::vector<FieldChange> live_changes(const ContainerSpec& want, const ContainerSpec& have);

std::string format_argv(const std::vector<std::string>& argv);
std::string format_ports(const std::vector<PortMapping>& ports);
std::string format_mounts(const std::vector<ContainerSpec::Mount>& mounts);
std::string format_healthcheck(const std::optional<Healthcheck>& hc);
std::string format_restart(RestartPolicy p, int max_retries);
std::string join(const std::vector<std::string>& items, const std::string& sep);

}  // namespace infractl::diff_detail
