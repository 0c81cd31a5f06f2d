#include "infractl/topology/topology.hpp"

#include <algorithm>

namespace infractl {

const char* to_string(RestartPolicy p) {
    switch (p) {
        case RestartPolicy::no: return "no";
        case RestartPolicy::always: return "always";
        case RestartPolicy::on_failure: return "on-failure";
        case RestartPolicy::unless_stopped: return "unless-stopped";
    }
    return "unless-stopped";
}

const char* to_string(DependCondition c) {
    switch (c) {
        case DependCondition::service_started: return "service_started";
        case DependCondition::service_healthy: return "service_healthy";
        case DependCondition::service_completed_successfully: return "service_completed_successfully";
    }
    return "service_started";
}

const char* to_string(PullPolicy p) {
    switch (p) {
        case PullPolicy::missing: return "missing";
        case PullPolicy::always: return "always";
        case PullPolicy::never: return "never";
    }
    return "missing";
}

const Project* Topology::find_project(const std::string& name) const {
    auto it = std::find_if(projects.begin(), projects.end(), [&](const Project& p) { return p.name == name; });
    return it == projects.end() ? nullptr : &*it;
}

const Service* Topology::find_global(const std::string& name) const {
    auto it = std::find_if(globals.begin(), globals.end(), [&](const Service& s) { return s.name == name; });
    return it == globals.end() ? nullptr : &*it;
}

const Secret* Topology::find_secret(const std::string& name) const {
    auto it = std::find_if(secrets.begin(), secrets.end(), [&](const Secret& s) { return s.name == name; });
    return it == secrets.end() ? nullptr : &*it;
}

}  // namespace infractl
