#pragma once
// The figures `advise` reads, in the Prometheus text exposition format
// (version 0.0.4), for `infractl metrics`: one family per figure, names
// prefixed `infractl_`, labels project, service (and queue), globals with
// project="" and global="true". A figure that could not be read has no
// sample. Pure: desired state and metrics in, text out.
#include <string>
#include <vector>

#include "infractl/resolve/desired_state.hpp"
#include "infractl/scale/advice.hpp"

namespace infractl {

std::string prometheus_text(const DesiredState& desired, const std::vector<ServiceMetrics>& metrics);

// A label value escaped as the format wants it: \\, \" and \n.
std::string prometheus_label_value(const std::string& value);

}  // namespace infractl
