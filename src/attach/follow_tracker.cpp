#include "infractl/attach/follow_tracker.hpp"

#include <set>

namespace infractl {

std::vector<FollowEvent> FollowTracker::poll(const std::vector<Target>& now) {
    using K = FollowEvent::Kind;
    std::vector<FollowEvent> events;
    std::set<std::string> listed;
    for (const auto& t : now) {
        listed.insert(t.id);
        bool running = t.state == ContainerState::running;
        auto it = known_.find(t.id);
        if (it == known_.end()) {
            // A created container has no log yet and its stream would end at
            // once: wait until it runs (or has run and exited).
            if (started_ && t.state == ContainerState::created) continue;
            Known k{t, true, running, false};
            known_.emplace(t.id, k);
            events.push_back({started_ ? K::appeared : K::attach, t});
            continue;
        }
        Known& k = it->second;
        k.target = t;
        if (running) k.was_running = true;
        if (k.streaming) continue;
        if (running) {
            k.streaming = true;
            k.said_stopped = false;
            events.push_back({K::resumed, t});
        } else if (k.was_running && !k.said_stopped && t.state != ContainerState::restarting) {
            k.said_stopped = true;
            events.push_back({K::stopped, t});
        }
    }
    for (auto it = known_.begin(); it != known_.end();) {
        if (listed.count(it->first) != 0) {
            ++it;
            continue;
        }
        // Gone from the list. Only news when it ran while followed; a stream
        // still open ends by itself.
        if (it->second.was_running) events.push_back({K::removed, it->second.target});
        it = known_.erase(it);
    }
    started_ = true;
    return events;
}

void FollowTracker::stream_ended(const std::string& id) {
    auto it = known_.find(id);
    if (it != known_.end()) it->second.streaming = false;
}

}  // namespace infractl
