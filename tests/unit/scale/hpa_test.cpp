// The HPA v2 algorithm (scale/hpa.hpp) against the worked examples of the
// Kubernetes documentation ("Horizontal Pod Autoscaling": algorithm details,
// scaling policies, stabilization window, default behavior) and the
// controller's code paths.
#include <catch2/catch.hpp>

#include "infractl/scale/hpa.hpp"

using namespace infractl;
using namespace std::chrono_literals;

namespace {

const WallClock::time_point t0 = WallClock::time_point{} + std::chrono::hours(24 * 365 * 50);

Duration secs(int s) { return Duration{static_cast<std::int64_t>(s) * 1'000'000'000}; }

}  // namespace

TEST_CASE("hpa: desiredReplicas = ceil(currentReplicas x currentMetricValue / desiredMetricValue)") {
    // "if the current metric value is 200m, and the desired value is 100m,
    // the number of replicas will be doubled ... If the current value is
    // instead 50m, you'll halve the number of replicas".
    CHECK(hpa_utilization_proposal(3, 200, 100, 0.1) == 6);
    CHECK(hpa_utilization_proposal(4, 50, 100, 0.1) == 2);
    CHECK(hpa_utilization_proposal(3, 150, 100, 0.1) == 5);  // ceil(4.5)
}

TEST_CASE("hpa: within the tolerance (0.1) the count stays") {
    CHECK(hpa_utilization_proposal(10, 109, 100, 0.1) == 10);
    CHECK(hpa_utilization_proposal(10, 91, 100, 0.1) == 10);
    CHECK(hpa_utilization_proposal(10, 111, 100, 0.1) == 12);  // ceil(11.1)
    CHECK(hpa_utilization_proposal(10, 89, 100, 0.1) == 9);    // ceil(8.9)
    CHECK(hpa_utilization_proposal(10, 111, 100, 0.2) == 10);
}

TEST_CASE("hpa: an external AverageValue metric (the seed's celery_queue_length, averageValue 100)") {
    // ceil(total / target), the ratio against target x current replicas.
    CHECK(hpa_average_value_proposal(1, 450, 100, 0.1) == 5);
    CHECK(hpa_average_value_proposal(2, 1000, 100, 0.1) == 10);
    CHECK(hpa_average_value_proposal(5, 0, 100, 0.1) == 0);
    // 5 replicas, 520 queued: ratio 1.04, within the tolerance.
    CHECK(hpa_average_value_proposal(5, 520, 100, 0.1) == 5);
    CHECK(hpa_average_value_proposal(5, 560, 100, 0.1) == 6);
    // From zero replicas there is no ratio: the total decides.
    CHECK(hpa_average_value_proposal(0, 250, 100, 0.1) == 3);
}

TEST_CASE("hpa: the default scale-up policy adds at most max(4 pods, 100%) per 15 s") {
    HpaBehavior b;
    HpaHistory h;
    // From 1: +4 pods beats +100% (2): 5.
    HpaDecision d = hpa_normalize(h, 1, 10, 1, 10, b, t0);
    CHECK(d.replicas == 5);
    CHECK(d.limited_by == "scale-up limit: at most max(4 replicas, 100%) more per 15s");
    hpa_record_scale(h, 1, 5, t0);
    // 10 s later the period still started at 1 replica: no more.
    CHECK(hpa_normalize(h, 5, 10, 1, 10, b, t0 + 10s).replicas == 5);
    // After the period: from 5, +100% (10) beats +4 (9).
    d = hpa_normalize(h, 5, 20, 1, 10, b, t0 + 16s);
    CHECK(d.replicas == 10);
    CHECK(d.limited_by == "max 10");
    hpa_record_scale(h, 5, 10, t0 + 16s);
    // From 10 with max 40: +100% = 20.
    CHECK(hpa_normalize(h, 10, 40, 1, 40, b, t0 + 32s).replicas == 20);
}

TEST_CASE("hpa: scale-down follows the highest recommendation of the 300 s stabilization window") {
    HpaBehavior b;
    HpaHistory h;
    CHECK(hpa_normalize(h, 10, 10, 2, 10, b, t0).replicas == 10);
    // The queue drains: 2 is proposed, but 10 was proposed within 300 s.
    HpaDecision d = hpa_normalize(h, 10, 2, 2, 10, b, t0 + 60s);
    CHECK(d.replicas == 10);
    CHECK(d.limited_by == "stabilisation window 300s: 10 was proposed within it");
    CHECK(hpa_normalize(h, 10, 4, 2, 10, b, t0 + 200s).replicas == 10);
    // Past 300 s from the 10, the highest left is 4 (at 200 s).
    CHECK(hpa_normalize(h, 10, 2, 2, 10, b, t0 + 301s).replicas == 4);
    // And past 300 s from that, 2; never below min.
    CHECK(hpa_normalize(h, 4, 0, 2, 10, b, t0 + 601s).replicas == 2);
}

TEST_CASE("hpa: a Percent scale-down policy, the documentation's 80 replicas at 10% per minute") {
    // "if there are 80 replicas and the target has to be scaled down to 10
    // replicas then during the first step 8 replicas will be reduced. In the
    // next iteration when the number of replicas is 72, 10% of the pods is
    // 7.2 but the number is rounded up to 8."
    HpaBehavior b;
    b.scale_down_window = secs(0);
    b.scale_down_percent = 10;
    b.scale_down_period = secs(60);
    HpaHistory h;
    HpaDecision d = hpa_normalize(h, 80, 10, 1, 100, b, t0);
    CHECK(d.replicas == 72);
    CHECK(d.limited_by == "scale-down limit: at most 10% fewer per 60s");
    hpa_record_scale(h, 80, 72, t0);
    CHECK(hpa_normalize(h, 72, 10, 1, 100, b, t0 + 30s).replicas == 72);  // same period
    d = hpa_normalize(h, 72, 10, 1, 100, b, t0 + 61s);
    CHECK(d.replicas == 64);
}

TEST_CASE("hpa: outside [min, max] the count goes to the bound first") {
    HpaBehavior b;
    HpaHistory h;
    CHECK(hpa_normalize(h, 12, 12, 2, 10, b, t0).replicas == 10);
    CHECK(hpa_normalize(h, 1, 1, 2, 10, b, t0).replicas == 2);
    CHECK(h.recommendations.empty());
}

TEST_CASE("hpa: old history is forgotten, recent history kept") {
    HpaBehavior b;
    HpaHistory h;
    hpa_normalize(h, 3, 5, 1, 10, b, t0);
    hpa_record_scale(h, 3, 5, t0);
    hpa_normalize(h, 5, 5, 1, 10, b, t0 + 200s);
    hpa_forget_old(h, b, t0 + 301s);
    REQUIRE(h.recommendations.size() == 1);
    CHECK(h.recommendations[0].at == t0 + 200s);
    CHECK(h.scale_ups.empty());
}
