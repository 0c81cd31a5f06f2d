#include "infractl/plan/build_plan.hpp"

#include <algorithm>

namespace infractl {

namespace {

// The image the service's containers run now, when a planned change replaces it.
std::string previous_image(const Plan& plan, const ServiceKey& key) {
    for (const auto& a : plan.actions) {
        if (a.service != key) continue;
        for (const auto& c : a.changes)
            if (c.field == "image" && !c.from.empty()) return c.from;
    }
    return {};
}

std::string reason_for(const Plan& plan, const ServiceKey& key, bool present) {
    if (present) return "--build";
    std::string was = previous_image(plan, key);
    return was.empty() ? "tag missing" : "context changed (was " + was + ")";
}

}  // namespace

std::vector<ImageBuild> plan_builds(const DesiredState& desired, const Plan& plan,
                                    const std::function<bool(const std::string& tag)>& tag_present, BuildMode mode) {
    std::vector<ImageBuild> out;
    for (const auto& scoped : plan.scope) {
        const DesiredService* s = desired.find(scoped.key);
        if (!s || !s->build) continue;
        auto same = std::find_if(out.begin(), out.end(), [&](const ImageBuild& b) { return b.image == s->spec.image; });
        if (same != out.end()) {
            same->services.push_back(s->key);
            continue;
        }
        bool present = tag_present(s->spec.image);
        if (present && mode == BuildMode::when_missing) continue;
        out.push_back({s->spec.image, {s->key}, *s->build, reason_for(plan, s->key, present)});
    }
    return out;
}

}  // namespace infractl
