#pragma once
// The executor against the in-memory engine, as the apply tests drive it:
// an engine left by an earlier `up`, and `up` itself (diff, then apply) with
// polling fast enough for a unit test.
#include "infractl/apply/executor.hpp"
#include "infractl/plan/diff.hpp"
#include "support/desired_builders.hpp"
#include "support/memory_engine.hpp"

namespace plan_fixtures {

// Every image of `d`, with the id "sha256:<image>" matching() reports.
inline void add_images(MemoryEngine& e, const DesiredState& d) {
    for (const auto& s : d.services) e.add_image(s.spec.image, "sha256:" + s.spec.image);
}

// The engine as a previous `up` of `d` left it.
inline void seed(MemoryEngine& e, const DesiredState& d) {
    add_images(e, d);
    ObservedState o = matching(d);
    for (const auto& c : o.containers) e.add_container(c);
    for (const auto& n : o.networks) e.add_network(n);
    for (const auto& v : o.volumes) e.add_volume(v);
}

// 1 ms polls and a 2 s bound on waits: the in-memory engine answers at once.
inline ApplyOptions fast() {
    ApplyOptions o;
    o.poll_interval = Duration{1'000'000};
    o.wait_timeout = Duration{2'000'000'000};
    return o;
}

inline ApplyResult up(const DesiredState& d, MemoryEngine& e, const ApplyOptions& opts = fast()) {
    Plan p = diff(d, e.observe(d.stack, &d), {});
    return apply_plan(p, e, opts);
}

}  // namespace plan_fixtures
