// What a start-first replacement killed half-way leaves behind ("<name>-next"
// temporaries), and that the next run repairs it (found by the SIGKILL loop of
// tests/e2e/reliability_crash_test.cpp).
#include <catch2/catch.hpp>

#include "../plan/plan_fixtures.hpp"
#include "infractl/apply/executor.hpp"
#include "support/memory_engine.hpp"
#include "infractl/plan/diff.hpp"

using namespace infractl;
using namespace plan_fixtures;

namespace {

void seed(MemoryEngine& e, const DesiredState& d) {
    for (const auto& s : d.services) e.add_image(s.spec.image, "sha256:" + s.spec.image);
    ObservedState o = matching(d);
    for (auto c : o.containers) e.add_container(c);
    for (auto n : o.networks) e.add_network(n);
    for (auto v : o.volumes) e.add_volume(v);
}

ApplyResult up(const DesiredState& d, MemoryEngine& e) {
    ApplyOptions o;
    o.poll_interval = Duration{1'000'000};
    o.wait_timeout = Duration{2'000'000'000};
    return apply_plan(diff(d, e.observe(d.stack, &d), {}), e, o);
}

}  // namespace

TEST_CASE("replace: only '<name>-next' left (killed between removing the old one and the rename)") {
    DesiredState d = monorepo();
    MemoryEngine e;
    seed(e, d);
    e.rename_container("turfoo-celery-worker-1", "turfoo-celery-worker-1-next");
    ApplyResult r = up(d, e);
    INFO((r.errors.empty() ? std::string() : r.errors.front()));
    CHECK(r.ok());
    CHECK(e.container("turfoo-celery-worker-1"));
    CHECK_FALSE(e.container("turfoo-celery-worker-1-next"));
    CHECK(diff(d, e.observe(d.stack, &d), {}).empty());
}

TEST_CASE("replace: old container and '<name>-next' both left (killed before the old one went)") {
    DesiredState d = monorepo();
    MemoryEngine e;
    seed(e, d);
    auto* w = find(d, "celery-worker");
    w->config_hash = "hash-worker-2";
    for (auto& c : w->containers) c.spec.labels[label::config_hash] = w->config_hash;
    ObservedContainer next = *e.container("turfoo-celery-worker-1");
    next.id.clear();
    next.name = "turfoo-celery-worker-1-next";
    next.labels[label::config_hash] = "hash-worker-2";
    e.add_container(next);
    // The plan both replaces replica 1 (clearing the leftover first) and
    // removes the leftover as a duplicate: whichever runs second finds it gone.
    ApplyResult r = up(d, e);
    INFO((r.errors.empty() ? std::string() : r.errors.front()));
    CHECK(r.ok());
    CHECK(e.container("turfoo-celery-worker-1")->config_hash() == "hash-worker-2");
    CHECK_FALSE(e.container("turfoo-celery-worker-1-next"));
    CHECK(diff(d, e.observe(d.stack, &d), {}).empty());
}
