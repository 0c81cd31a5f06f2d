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

namespace infractl {

const std::string& export_image(const DesiredService& s) {
    return s.published_image.empty() ? s.spec.image : s.published_image;
}

PullPolicy export_pull_policy(const DesiredService& s) {
    return s.published_image.empty() ? s.pull_policy : s.published_pull_policy;
}

}  // namespace infractl
