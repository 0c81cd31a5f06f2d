#include <catch2/catch.hpp>

#include "support/topology_builders.hpp"
#include "infractl/resolve/budget.hpp"
#include "infractl/resolve/resolve.hpp"

using namespace infractl;
using namespace infractl::test;

namespace {

constexpr std::int64_t G = 1LL << 30;
constexpr std::int64_t M = 1LL << 20;
constexpr std::int64_t CPU = 1'000'000'000;

DesiredState staging_like() {
    Profile p = dev_profile();
    p.name = "staging";
    ServicePatch redis = patch("redis");
    redis.resources.cpu_limit = NanoCpus{CPU};
    redis.resources.memory_limit = Bytes{2 * G};
    p.globals.push_back(redis);
    ServicePatch insight = patch("redisinsight");
    insight.enabled = false;
    p.globals.push_back(insight);
    ServicePatch pg = patch("postgres");
    pg.resources.cpu_limit = NanoCpus{2 * CPU};
    pg.resources.memory_limit = Bytes{4 * G};
    pg.resources.cpu_reservation = NanoCpus{CPU / 2};
    pg.resources.memory_reservation = Bytes{2 * G};
    p.project_defaults.push_back(pg);
    ServicePatch worker = patch("celery-worker");
    worker.replicas = 3;
    worker.resources.memory_limit = Bytes{G};
    p.project_defaults.push_back(worker);
    ServicePatch order_worker = patch("celery-worker");
    order_worker.replicas = 0;
    p.projects["order"].push_back(order_worker);
    Diagnostics diags;
    DesiredState s = resolve(monorepo(), p, {}, diags);
    REQUIRE_FALSE(diags.has_errors());
    return s;
}

}  // namespace

TEST_CASE("budget: replicas multiplied in - unbounded counted - totals compared", "[resolve][budget]") {
    Budget b = compute_budget(staging_like(), MachineResources{NanoCpus{2 * CPU}, Bytes{8 * G}});
    REQUIRE(b.rows.size() == 8);
    const BudgetRow& w = b.rows[6];
    CHECK(w.key.str() == "turfoo/celery-worker");
    CHECK(w.total.memory_limit == Bytes{3 * G});
    CHECK(w.each.memory_limit == Bytes{G});
    CHECK_FALSE(w.total.cpu_limit);
    CHECK(b.totals.replicas == 9);
    CHECK(b.totals.memory_limit == Bytes{13 * G});
    CHECK(b.totals.cpu_limit == NanoCpus{5 * CPU});
    CHECK(b.totals.memory_reservation == Bytes{4 * G});
    CHECK(b.totals.cpu_unbounded == 4);  // minio and three workers/beats with replicas > 0
    CHECK(render_budget_text(b) ==
          "stack monorepo, profile staging; machine: 2 CPUs, 8G memory\n"
          "\n"
          "SERVICE               REPLICAS  CPU LIMIT        MEMORY LIMIT       CPU RESERVED  MEMORY RESERVED\n"
          "minio                        1  unbounded        unbounded          -             -\n"
          "redis                        1  1                2G                 -             -\n"
          "order/celery-beat            1  unbounded        unbounded          -             -\n"
          "order/celery-worker          0  unbounded        0                  -             -\n"
          "order/postgres               1  2                4G                 0.5           2G\n"
          "turfoo/celery-beat           1  unbounded        unbounded          -             -\n"
          "turfoo/celery-worker         3  unbounded        3G (3 x 1G)        -             -\n"
          "turfoo/postgres              1  2                4G                 0.5           2G\n"
          "TOTAL                        9  5 + 4 unbounded  13G + 3 unbounded  1             4G\n"
          "\n"
          "over budget: CPU limits add up to 5, the machine has 2 CPUs\n"
          "over budget: memory limits add up to 13G, the machine has 8G\n"
          "unbounded: 4 services have no CPU limit; each may use all 2 CPUs\n"
          "unbounded: 3 services have no memory limit; each may use all 8G\n");
}

TEST_CASE("budget: reservations above the machine - and a machine that fits", "[resolve][budget]") {
    Budget tight = compute_budget(staging_like(), MachineResources{NanoCpus{CPU / 2}, Bytes{3 * G}});
    CHECK(tight.over_budget == std::vector<std::string>{
                                   "over budget: CPU reservations add up to 1, the machine has 0.5 CPUs",
                                   "over budget: memory reservations add up to 4G, the machine has 3G",
                                   "over budget: CPU limits add up to 5, the machine has 0.5 CPUs",
                                   "over budget: memory limits add up to 13G, the machine has 3G"});
    Budget roomy = compute_budget(staging_like(), MachineResources{NanoCpus{64 * CPU}, Bytes{256 * G}});
    CHECK(roomy.over_budget.empty());
}

TEST_CASE("budget: JSON carries numbers - null for unbounded", "[resolve][budget]") {
    Budget b = compute_budget(staging_like(), MachineResources{NanoCpus{2 * CPU}, Bytes{8 * G}});
    std::string j = render_budget_json(b);
    CHECK(j.find("\"machine\": {\n    \"cpus\": 2.0,\n    \"memory\": 8589934592\n  }") != std::string::npos);
    CHECK(j.find("\"service\": \"minio\",\n      \"project\": \"_global\",\n      \"replicas\": 1,\n      \"each\": {\n"
                 "        \"cpu_limit\": null,") != std::string::npos);
    CHECK(j.find("\"cpu_unbounded_services\": 4") != std::string::npos);
}

TEST_CASE("budget: approximate memory for people", "[resolve][budget]") {
    CHECK(approx_bytes(Bytes{8 * G}) == "8G");
    CHECK(approx_bytes(Bytes{8 * G - 200 * M}) == "7.8G");
    CHECK(approx_bytes(Bytes{512 * M}) == "512M");
    CHECK(approx_bytes(Bytes{100}) == "100");
}
