#pragma once
// The Kubernetes HorizontalPodAutoscaler v2 algorithm, as its controller
// runs it (pkg/controller/podautoscaler: replica_calculator.go and
// horizontal.go), so `infractl autoscale` does on one machine what the
// seed's HPA does in production. Pure: figures and a history in, a count out;
// the history is kept in the state dir by state/autoscale_store.hpp.
//
//  1. Per metric, a proposal: ratio = value / target; within the tolerance
//     (|1 - ratio| <= 0.1) the count stays, else ceil(current x ratio). An
//     external AverageValue metric (the queue length) is a total:
//     ceil(total / target per replica). The largest proposal wins.
//  2. Stabilisation: a scale-down goes no lower than the highest proposal of
//     the last `scale_down_window` (300 s); a scale-up no higher than the
//     lowest of `scale_up_window` (0 s: at once).
//  3. Rate: at most max(scale_up_pods, scale_up_percent %) replicas more per
//     `scale_up_period` (4 pods or 100 % per 15 s), at most
//     scale_down_percent % fewer per `scale_down_period` (100 % per 15 s),
//     counted from the replicas at the start of the period.
//  4. Clamped to [min, max].
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "infractl/core/units.hpp"

namespace infractl {

// The defaults are Kubernetes' (autoscaling/v2 `behavior` unset).
struct HpaBehavior {
    double tolerance = 0.1;
    int scale_up_pods = 4;
    int scale_up_percent = 100;
    Duration scale_up_period{15'000'000'000};
    Duration scale_up_window{0};
    int scale_down_percent = 100;
    Duration scale_down_period{15'000'000'000};
    Duration scale_down_window{300'000'000'000};
};

using WallClock = std::chrono::system_clock;

struct TimedCount {
    WallClock::time_point at;
    int count = 0;
};

// What the controller remembers of one target between rounds.
struct HpaHistory {
    std::vector<TimedCount> recommendations;  // every round's proposal
    std::vector<TimedCount> scale_ups;        // replicas added, when
    std::vector<TimedCount> scale_downs;      // replicas removed, when
};

// Step 1 for an external metric with an AverageValue target (the queue):
// `total` across the target, `target` per replica.
int hpa_average_value_proposal(int current, double total, double target, double tolerance);
// Step 1 for a utilisation metric (CPU % per replica against a target %).
int hpa_utilization_proposal(int current, double utilization, double target, double tolerance);

struct HpaDecision {
    int replicas = 0;
    std::string limited_by;  // "" when the proposal stood; else what held it back
};

// Steps 2-4: records `proposal` in the history, returns the count to run.
// Call hpa_record_scale after the count has been applied.
HpaDecision hpa_normalize(HpaHistory& history, int current, int proposal, int min, int max, const HpaBehavior& b,
                          WallClock::time_point now);

// Remembers a change from `from` to `to` replicas for the rate limits.
void hpa_record_scale(HpaHistory& history, int from, int to, WallClock::time_point now);

// Drops what no window or period of `b` can reach any more.
void hpa_forget_old(HpaHistory& history, const HpaBehavior& b, WallClock::time_point now);

}  // namespace infractl
