#include <catch2/catch.hpp>

#include "infractl/topology/loader.hpp"

using namespace infractl;

namespace {

std::optional<std::string> no_env(const std::string&) { return std::nullopt; }

Topology load(const std::string& text, Diagnostics& diags) {
    return load_topology_text(text, "t.yaml", no_env, diags);
}

const std::string kHead = R"(version: 1
stack: s
projects:
  p:
    services:
      worker:
        image: w:1
)";

}  // namespace

TEST_CASE("autoscale blocks load with defaults") {
    Diagnostics diags;
    Topology t = load(kHead + "        autoscale: {min: 2, max: 8, queue: p}\n", diags);
    REQUIRE_FALSE(diags.has_errors());
    const auto& a = t.projects.at(0).services.at(0).autoscale;
    REQUIRE(a.has_value());
    CHECK(a->min == 2);
    CHECK(a->max == 8);
    CHECK(a->queue == "p");
    CHECK(a->broker == "redis");
    CHECK(a->target_per_replica == 100);
    CHECK(a->scale_down_delay.seconds() == 300);
    CHECK(a->tolerance == Approx(0.1));
    CHECK(a->scale_up_pods == 4);
    CHECK(a->scale_up_percent == 100);
    CHECK(a->scale_up_period.seconds() == 15);
    CHECK(a->scale_down_percent == 100);
    CHECK(a->scale_down_period.seconds() == 15);
}

TEST_CASE("bad autoscale blocks are located") {
    struct Case {
        const char* block;
        const char* error;
    } cases[] = {
        {"        autoscale: {min: 5, max: 2, queue: p}\n",
         "t.yaml:8:20: autoscale min 5 is above its max 2 (hint: make min at most max)"},
        {"        autoscale: {min: 1}\n",
         "t.yaml:8:20: autoscale needs a 'queue' or a 'cpu_target_percent' to decide on (hint: e.g. queue: turfoo "
         "(the Celery queue) with target_per_replica: 100)"},
        {"        autoscale: {queue: p, taget_per_replica: 5}\n",
         "t.yaml:8:31: unknown key 'taget_per_replica' in 'autoscale' of service 'p/worker' (hint: did you mean "
         "'target_per_replica'?)"},
        {"        autoscale: {queue: p, tolerance: 1.5}\n",
         "t.yaml:8:42: tolerance must be a number from 0 up to (not including) 1, got '1.5' (hint: e.g. tolerance: "
         "0.1 (Kubernetes' default: no change within 10 % of the target))"},
        {"        autoscale: {queue: p, scale_down_percent: 150}\n",
         "t.yaml:8:51: scale_down_percent 150 is above 100 (hint: at most 100 (all replicas at once))"},
        {"        autoscale: {queue: p, scale_up_pods: 0, scale_up_percent: 0}\n",
         "t.yaml:8:20: autoscale can never scale up: scale_up_pods and scale_up_percent are both 0 (hint: set one "
         "of them above 0 (Kubernetes' defaults: 4 and 100))"},
    };
    for (const auto& c : cases) {
        INFO(c.block);
        Diagnostics diags;
        load(kHead + c.block, diags);
        REQUIRE(diags.has_errors());
        CHECK(diags.sorted().front().str() == c.error);
    }
}
