#include <catch2/catch.hpp>

#include <algorithm>

#include "support/memory_up.hpp"

using namespace infractl;
using namespace plan_fixtures;

namespace {

std::ptrdiff_t pos(const std::vector<std::string>& calls, const std::string& entry) {
    auto it = std::find(calls.begin(), calls.end(), entry);
    return it == calls.end() ? -1 : it - calls.begin();
}

// Every entry present, in this order.
bool in_order(const std::vector<std::string>& calls, const std::vector<std::string>& entries) {
    std::ptrdiff_t last = -1;
    for (const auto& e : entries) {
        auto p = pos(calls, e);
        if (p <= last) return false;
        last = p;
    }
    return true;
}

void with_healthcheck(DesiredService& s) {
    Healthcheck hc;
    hc.test = {"CMD", "redis-cli", "ping"};
    s.spec.healthcheck = hc;
    for (auto& c : s.containers) c.spec.healthcheck = hc;
}

// The worker's dependency on redis becomes service_healthy, and redis has a healthcheck.
DesiredState worker_waits_for_healthy_redis() {
    DesiredState d = monorepo();
    with_healthcheck(*find(d, "redis"));
    find(d, "celery-worker")->depends_on[0].condition = DependCondition::service_healthy;
    return d;
}

}  // namespace

TEST_CASE("executor: a fresh stack comes up in dependency order and a second plan is empty") {
    DesiredState d = monorepo();
    MemoryEngine e;
    add_images(e, d);
    ApplyResult r = up(d, e, fast());
    CHECK(r.ok());
    CHECK(r.done == 6);
    auto calls = e.calls();
    CHECK(in_order(calls, {"create_network monorepo_net", "create monorepo-redis", "start monorepo-redis",
                           "create turfoo-celery-worker-1"}));
    CHECK(in_order(calls, {"create_volume monorepo_turfoo_pgdata", "start turfoo-postgres",
                           "create turfoo-celery-worker-2"}));
    CHECK(e.container_names() == std::vector<std::string>{"monorepo-redis", "turfoo-celery-worker-1",
                                                          "turfoo-celery-worker-2", "turfoo-postgres"});
    CHECK(e.container("turfoo-celery-worker-2")->state == ContainerState::running);
    CHECK(diff(d, e.observe(d.stack, &d), {}).empty());
}

TEST_CASE("executor: never more actions at once than --parallel") {
    DesiredState d = monorepo();
    set_replicas(*find(d, "celery-worker"), 8);
    find(d, "celery-worker")->depends_on.clear();
    MemoryEngine e;
    seed(e, monorepo());
    e.set_call_delay(std::chrono::milliseconds(20));
    ApplyOptions opts = fast();
    opts.parallel = 3;
    ApplyResult r = up(d, e, opts);
    CHECK(r.ok());
    CHECK(r.done == 6);
    CHECK(e.max_concurrent_calls() == 3);
}

TEST_CASE("executor: start-first for replicated services - stop-first for stateful singletons") {
    DesiredState d = monorepo();
    MemoryEngine e;
    seed(e, d);
    set_config_hash(*find(d, "celery-worker"), "hash-worker-2");
    set_config_hash(*find(d, "postgres"), "hash-pg-2");
    ApplyResult r = up(d, e, fast());
    CHECK(r.ok());
    auto calls = e.calls();
    CHECK(in_order(calls, {"create turfoo-celery-worker-1-next", "start turfoo-celery-worker-1-next",
                           "stop turfoo-celery-worker-1", "remove turfoo-celery-worker-1",
                           "rename turfoo-celery-worker-1-next turfoo-celery-worker-1",
                           "create turfoo-celery-worker-2-next"}));
    CHECK(in_order(calls, {"stop turfoo-postgres", "remove turfoo-postgres", "create turfoo-postgres",
                           "start turfoo-postgres"}));
    CHECK(e.container("turfoo-celery-worker-1")->config_hash() == "hash-worker-2");
    CHECK(diff(d, e.observe(d.stack, &d), {}).empty());
}

TEST_CASE("executor: a failure skips its dependents - independent work continues") {
    DesiredState d = monorepo();
    MemoryEngine e;
    add_images(e, d);
    e.fail("create monorepo-redis");
    ApplyResult r = up(d, e, fast());
    CHECK_FALSE(r.ok());
    CHECK(r.failed == 1);
    CHECK(r.skipped == 2);
    CHECK(r.done == 3);  // network, volume, postgres
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == "create monorepo-redis: injected failure");
    CHECK(e.container("turfoo-postgres"));
    CHECK_FALSE(e.container("turfoo-celery-worker-1"));
}

TEST_CASE("executor: after an interrupt no new action starts") {
    DesiredState d = monorepo();
    MemoryEngine e;
    add_images(e, d);
    std::atomic<bool> stop{false};
    ApplyOptions opts = fast();
    opts.parallel = 1;
    opts.interrupted = &stop;
    std::vector<std::string> skipped;
    opts.on_progress = [&](const ProgressEvent& ev) {
        if (ev.state == StepState::done) stop = true;
        if (ev.state == StepState::skipped) skipped.push_back(ev.target + ": " + ev.detail);
    };
    ApplyResult r = up(d, e, opts);
    CHECK(r.interrupted);
    CHECK_FALSE(r.ok());
    CHECK(r.done == 1);
    CHECK(r.skipped == 5);
    CHECK(e.calls() == std::vector<std::string>{"create_network monorepo_net"});
    REQUIRE(!skipped.empty());
    CHECK(skipped[0] == "monorepo_turfoo_pgdata: interrupted");
}

TEST_CASE("executor: service_healthy waits for the dependency's scripted health") {
    DesiredState d = worker_waits_for_healthy_redis();
    MemoryEngine e;
    add_images(e, d);
    e.script_health("monorepo-redis", {"starting", "starting", "healthy"});
    std::vector<std::string> waits;
    ApplyOptions opts = fast();
    opts.on_progress = [&](const ProgressEvent& ev) {
        if (ev.state == StepState::waiting) waits.push_back(ev.detail);
    };
    ApplyResult r = up(d, e, opts);
    CHECK(r.ok());
    CHECK(e.container("monorepo-redis")->health == Health::healthy);
    REQUIRE(!waits.empty());
    CHECK(waits[0] == "waiting for 'redis' to be healthy 0s");
}

TEST_CASE("executor: an interrupt during a dependency wait counts the waiters as not started - not failed") {
    DesiredState d = worker_waits_for_healthy_redis();
    MemoryEngine e;
    add_images(e, d);
    e.script_health("monorepo-redis", {"starting"});
    std::atomic<bool> stop{false};
    std::vector<std::string> skipped;
    ApplyOptions opts = fast();
    opts.interrupted = &stop;
    opts.on_progress = [&](const ProgressEvent& ev) {
        if (ev.state == StepState::waiting) stop = true;
        if (ev.state == StepState::skipped) skipped.push_back(ev.target + ": " + ev.detail);
    };
    ApplyResult r = up(d, e, opts);
    CHECK(r.interrupted);
    CHECK(r.failed == 0);
    CHECK(r.errors.empty());
    CHECK(r.skipped == 2);
    std::sort(skipped.begin(), skipped.end());
    CHECK(skipped == std::vector<std::string>{"turfoo-celery-worker-1: interrupted", "turfoo-celery-worker-2: interrupted"});
    CHECK_FALSE(e.container("turfoo-celery-worker-1"));
}

TEST_CASE("executor: a dependency that never gets healthy times out with its last health output") {
    DesiredState d = worker_waits_for_healthy_redis();
    MemoryEngine e;
    add_images(e, d);
    e.script_health("monorepo-redis", {"unhealthy"}, "Could not connect to Redis at 127.0.0.1:6379\n");
    ApplyOptions opts = fast();
    opts.wait_timeout = Duration{50'000'000};
    ApplyResult r = up(d, e, opts);
    CHECK(r.failed == 2);
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0] ==
          "create turfoo-celery-worker-1: timed out after 50ms waiting for 'redis' to be healthy: monorepo-redis "
          "is unhealthy; last health check output: Could not connect to Redis at 127.0.0.1:6379");
}

TEST_CASE("executor: service_completed_successfully fails fast on a non-zero exit") {
    DesiredState d = monorepo();
    auto migrate = service("turfoo", "migrate", "turfoo/app:1", 1, false);
    migrate.oneshot = true;
    d.services.insert(d.services.begin() + 2, migrate);
    find(d, "celery-worker")->depends_on.push_back({migrate.key, DependCondition::service_completed_successfully});
    MemoryEngine e;
    add_images(e, d);
    e.script_exit("turfoo-migrate", 1);
    ApplyResult r = up(d, e, fast());
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0] ==
          "create turfoo-celery-worker-1: 'turfoo/migrate' cannot become completed successfully: turfoo-migrate "
          "exited with code 1");
}

TEST_CASE("executor: a replacement that never gets healthy leaves the old container running") {
    DesiredState d = monorepo();
    auto* w = find(d, "celery-worker");
    with_healthcheck(*w);
    MemoryEngine e;
    seed(e, d);
    set_config_hash(*w, "hash-worker-2");
    e.script_health("turfoo-celery-worker-1-next", {"unhealthy"}, "boom");
    ApplyOptions opts = fast();
    opts.wait_timeout = Duration{30'000'000};
    ApplyResult r = up(d, e, opts);
    CHECK(r.failed == 1);
    CHECK(r.skipped == 1);  // replica 2 waits for replica 1 (rolling)
    REQUIRE(!r.errors.empty());
    CHECK(r.errors[0] ==
          "recreate turfoo-celery-worker-1: timed out after 30ms waiting for turfoo-celery-worker-1-next to be "
          "ready: turfoo-celery-worker-1-next is unhealthy; last health check output: boom");
    CHECK(e.container("turfoo-celery-worker-1")->config_hash() == "hash-celery-worker");
    CHECK_FALSE(e.container("turfoo-celery-worker-1-next"));
}

TEST_CASE("executor: images are pulled once when missing - pull_policy never names the image") {
    DesiredState d = monorepo();
    MemoryEngine e;
    add_images(e, d);
    SECTION("missing image is pulled once for two replicas") {
        MemoryEngine fresh;
        fresh.add_image("redis:7");
        fresh.add_image("postgres:16");
        fresh.add_pullable("turfoo/app:1");
        CHECK(up(d, fresh, fast()).ok());
        auto calls = fresh.calls();
        CHECK(std::count(calls.begin(), calls.end(), "pull turfoo/app:1") == 1);
    }
    SECTION("never") {
        MemoryEngine fresh;
        fresh.add_image("redis:7");
        fresh.add_image("postgres:16");
        find(d, "celery-worker")->pull_policy = PullPolicy::never;
        ApplyResult r = up(d, fresh, fast());
        REQUIRE(r.errors.size() == 1);  // one per image, not per replica
        CHECK(r.errors[0] ==
              "image 'turfoo/app:1' (turfoo/celery-worker) is not present and the pull policy is never; provide it: "
              "build it (scripts/build-images.sh builds the infractl-local/* images), load it (docker load -i FILE), "
              "or map it to an image this machine has (--images FILE)");
        // Checked before any change: not even the network is created.
        CHECK(fresh.calls().empty());
        CHECK(r.skipped == 6);
    }
    SECTION("a failed pull is tried once and changes nothing") {
        MemoryEngine fresh;
        fresh.add_image("redis:7");
        fresh.add_image("postgres:16");
        ApplyResult r = up(d, fresh, fast());
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].rfind("pulling image 'turfoo/app:1' (turfoo/celery-worker) failed: ", 0) == 0);
        CHECK(r.errors[0].find("; provide it: build it") != std::string::npos);
        CHECK(fresh.calls() == std::vector<std::string>{"pull turfoo/app:1"});
    }
}

TEST_CASE("executor: --wait reports the service that is not ready") {
    DesiredState d = monorepo();
    with_healthcheck(*find(d, "redis"));
    MemoryEngine e;
    add_images(e, d);
    e.script_health("monorepo-redis", {"unhealthy"}, "NOAUTH");
    ApplyOptions opts = fast();
    opts.wait = true;
    opts.wait_timeout = Duration{40'000'000};
    ApplyResult r = up(d, e, opts);
    CHECK(r.done == 6);
    CHECK(r.failed == 1);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] ==
          "wait redis: timed out after 40ms waiting for 'redis' to be ready: monorepo-redis is unhealthy; last "
          "health check output: NOAUTH");
}

TEST_CASE("executor: update - start - reconnect and remove repair drift") {
    DesiredState d = monorepo();
    MemoryEngine e;
    seed(e, d);
    for (auto& c : find(d, "redis")->containers) c.spec.memory_limit = Bytes{1 << 30};
    e.stop_container("id-turfoo-postgres", Duration{});
    e.disconnect_network("monorepo_net", "turfoo-celery-worker-1");
    auto beat = service("turfoo", "celery-beat", "turfoo/app:1", 1, false);
    e.add_container(running(beat, beat.containers[0]));
    ApplyResult r = up(d, e, fast());
    CHECK(r.ok());
    CHECK(r.done == 4);
    CHECK(e.container("monorepo-redis")->spec.memory_limit == Bytes{1 << 30});
    CHECK(e.container("turfoo-postgres")->state == ContainerState::running);
    CHECK(e.container("turfoo-celery-worker-1")->connected_networks == std::vector<std::string>{"monorepo_net"});
    CHECK_FALSE(e.container("turfoo-celery-beat"));
    CHECK(diff(d, e.observe(d.stack, &d), {}).empty());
}
