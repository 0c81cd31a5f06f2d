#include "infractl/resolve/desired_state.hpp"

namespace infractl {

std::string ServiceKey::str() const { return project == kGlobalProject ? service : project + "/" + service; }

const DesiredService* DesiredState::find(const ServiceKey& key) const {
    for (const auto& s : services)
        if (s.key == key) return &s;
    return nullptr;
}

DesiredService* DesiredState::find(const ServiceKey& key) {
    return const_cast<DesiredService*>(static_cast<const DesiredState&>(*this).find(key));
}

}  // namespace infractl
