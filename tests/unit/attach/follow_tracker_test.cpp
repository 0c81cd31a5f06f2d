#include <catch2/catch.hpp>

#include "infractl/attach/follow_tracker.hpp"

using namespace infractl;
using K = FollowEvent::Kind;

namespace {

Target replica(int n, ContainerState state = ContainerState::running, int exit_code = 0) {
    return {{"shop", "web"}, n, "shop-web-" + std::to_string(n), "id" + std::to_string(n), state, exit_code};
}

std::vector<std::pair<K, int>> kinds(const std::vector<FollowEvent>& events) {
    std::vector<std::pair<K, int>> out;
    for (const auto& e : events) out.emplace_back(e.kind, e.target.replica);
    return out;
}

}  // namespace

TEST_CASE("follow: attach at start, a scale-up appears, a scale-down is gone", "[unit][attach]") {
    FollowTracker t;
    CHECK(kinds(t.poll({replica(1), replica(2, ContainerState::exited, 3)})) ==
          std::vector<std::pair<K, int>>{{K::attach, 1}, {K::attach, 2}});
    // Nothing new: nothing to do (replica 2's stream ended, it had exited already: no news).
    t.stream_ended("id2");
    CHECK(t.poll({replica(1), replica(2, ContainerState::exited, 3)}).empty());

    // Scale-up: replica 3 is created, then runs.
    CHECK(t.poll({replica(1), replica(2, ContainerState::exited, 3), replica(3, ContainerState::created)}).empty());
    CHECK(kinds(t.poll({replica(1), replica(2, ContainerState::exited, 3), replica(3)})) ==
          std::vector<std::pair<K, int>>{{K::appeared, 3}});

    // Scale-down: replica 3 stops (its stream ends), then is removed.
    t.stream_ended("id3");
    auto stopped = t.poll({replica(1), replica(2, ContainerState::exited, 3), replica(3, ContainerState::exited, 0)});
    CHECK(kinds(stopped) == std::vector<std::pair<K, int>>{{K::stopped, 3}});
    CHECK(kinds(t.poll({replica(1), replica(2, ContainerState::exited, 3)})) ==
          std::vector<std::pair<K, int>>{{K::removed, 3}});
    // Replica 2 never ran while followed: its removal is not news either.
    CHECK(t.poll({replica(1)}).empty());
}

TEST_CASE("follow: a replica that restarts is resumed, said stopped once", "[unit][attach]") {
    FollowTracker t;
    t.poll({replica(1)});
    t.stream_ended("id1");
    CHECK(kinds(t.poll({replica(1, ContainerState::exited, 137)})) == std::vector<std::pair<K, int>>{{K::stopped, 1}});
    CHECK(t.poll({replica(1, ContainerState::exited, 137)}).empty());
    CHECK(kinds(t.poll({replica(1)})) == std::vector<std::pair<K, int>>{{K::resumed, 1}});
    // Removed while its stream is open: gone.
    CHECK(kinds(t.poll({})) == std::vector<std::pair<K, int>>{{K::removed, 1}});
}
