#include <catch2/catch.hpp>

#include "infractl/scale/advice.hpp"
#include "support/desired_builders.hpp"

using namespace infractl;
using plan_fixtures::bare_service;

namespace {


DesiredState example() {
    DesiredState d;
    auto redis = bare_service(kGlobalProject, "redis", 1);
    redis.global = true;
    redis.spec.memory_limit = Bytes{512ll << 20};
    redis.spec.cpu_limit = NanoCpus{250'000'000};
    auto worker = bare_service("turfoo", "celery-worker", 2);
    worker.max_replicas = 10;
    Autoscale a;
    a.min = 2;
    a.queue = "turfoo";
    a.target_per_replica = 100;
    worker.autoscale = a;
    auto beat = bare_service("turfoo", "celery-beat", 1);
    beat.singleton = true;
    beat.singleton_reason = "multiple beat instances cause duplicate scheduled tasks";
    auto pg = bare_service("turfoo", "postgres", 1);
    pg.singleton = true;
    pg.spec.cpu_limit = NanoCpus{500'000'000};
    d.services = {redis, worker, beat, pg};
    return d;
}

ServiceMetrics metrics(const std::string& project, const std::string& name) {
    ServiceMetrics m;
    m.key = {project, name};
    return m;
}

}  // namespace

TEST_CASE("workers scale on queue length per replica - clamped to min and max") {
    DesiredState d = example();
    struct Case {
        std::int64_t queue;
        AdviceKind kind;
        int suggested;
        const char* reason;
    } cases[] = {
        {0, AdviceKind::keep, 2, "queue 'turfoo' holds 0 tasks, target 100 per replica; held at min 2"},
        {150, AdviceKind::keep, 2, "queue 'turfoo' holds 150 tasks, target 100 per replica"},
        // 210 for 2 replicas is 1.05 of the target: within the HPA's tolerance 0.1.
        {210, AdviceKind::keep, 2, "queue 'turfoo' holds 210 tasks, target 100 per replica (within the tolerance 0.1)"},
        {230, AdviceKind::scale_out, 3, "queue 'turfoo' holds 230 tasks, target 100 per replica"},
        {450, AdviceKind::scale_out, 5, "queue 'turfoo' holds 450 tasks, target 100 per replica"},
        {5000, AdviceKind::scale_out, 10, "queue 'turfoo' holds 5000 tasks, target 100 per replica; capped at max 10"},
    };
    for (const auto& c : cases) {
        INFO(c.queue);
        auto m = metrics("turfoo", "celery-worker");
        m.queue_length = c.queue;
        auto a = advise(d, {m});
        REQUIRE(a.size() == 1);
        CHECK(a[0].kind == c.kind);
        CHECK(a[0].suggested == c.suggested);
        CHECK(a[0].reason == c.reason);
    }
    d.services[1].replicas = 6;
    auto m = metrics("turfoo", "celery-worker");
    m.queue_length = 120;
    auto a = advise(d, {m});
    CHECK(a[0].kind == AdviceKind::scale_in);
    CHECK(a[0].suggested == 2);
}

TEST_CASE("singletons are never scaled out - whatever the load") {
    DesiredState d = example();
    auto m = metrics("turfoo", "celery-beat");
    m.cpu_percent = 5;
    auto a = advise(d, {m});
    CHECK(a[0].kind == AdviceKind::keep);
    CHECK(a[0].suggested == 1);
    CHECK(a[0].reason == "singleton: multiple beat instances cause duplicate scheduled tasks");
}

TEST_CASE("globals and databases scale up - not out") {
    DesiredState d = example();
    auto redis = metrics(kGlobalProject, "redis");
    redis.memory_used = 450ll << 20;  // the seed's "> 400MB" of 512M
    redis.evicted_keys = 12;  // a total: no advice of its own
    redis.evicted_per_second = 2.5;
    auto pg = metrics("turfoo", "postgres");
    pg.cpu_percent = 40;  // 80% of its 0.5 CPU limit, above the 70% rule
    auto a = advise(d, {redis, pg});
    REQUIRE(a.size() == 2);
    CHECK(a[0].kind == AdviceKind::scale_up);
    CHECK(a[0].reason ==
          "memory at 88% of its limit (threshold 80%); evicting 2.5 keys/s: the cache is full; raise its limits, or move "
          "to a managed service (seed: production)");
    CHECK(a[1].kind == AdviceKind::scale_up);
    CHECK(a[1].reason == "CPU at 80% of its limit (threshold 70%); raise its limits");
}

TEST_CASE("Redis: used_memory above the seed's 400MB and evictions as a rate") {
    DesiredState d = example();
    auto redis = metrics(kGlobalProject, "redis");
    redis.redis_used_memory = 450ll << 20;
    redis.evicted_keys = 1000;  // long ago: the rate is 0
    redis.evicted_per_second = 0;
    auto a = advise(d, {redis});
    CHECK(a[0].kind == AdviceKind::scale_up);
    CHECK(a[0].reason == "used_memory 450.0 MiB above 400.0 MiB (seed: Redis memory > 400MB); raise its limits, or move to a "
                         "managed service (seed: production)");
    redis.redis_used_memory = 399ll << 20;
    CHECK(advise(d, {redis})[0].kind == AdviceKind::keep);
    AdviceThresholds low;
    low.redis_used_memory = 100ll << 20;
    CHECK(advise(d, {redis}, low)[0].kind == AdviceKind::scale_up);
}

TEST_CASE("connection pool exhaustion is flagged") {
    DesiredState d = example();
    auto pg = metrics("turfoo", "postgres");
    pg.db_connections = 90;
    pg.db_max_connections = 100;
    auto a = advise(d, {pg});
    CHECK(a[0].kind == AdviceKind::investigate);
    CHECK(a[0].reason == "90 of 100 connections in use: add a pool (PgBouncer) or raise max_connections");
}
