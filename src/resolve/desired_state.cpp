#include "infractl/resolve/desired_state.hpp"

namespace infractl {

std::string ServiceKey::str() const { return project == kGlobalProject ? service : project + "/" + service; }

const DesiredService* DesiredState::find(const ServiceKey& key) const {
    for (const auto& s : services)
        if (s.key == key) return &s;
    return nullptr;
}

}  // namespace infractl
