// What a start-first replacement killed half-way leaves behind ("<name>-next"
// temporaries), and that the next run repairs it (found by the SIGKILL loop of
// tests/e2e/reliability_crash_test.cpp).
#include <catch2/catch.hpp>

#include "support/memory_up.hpp"

using namespace infractl;
using namespace plan_fixtures;

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
    set_config_hash(*find(d, "celery-worker"), "hash-worker-2");
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
