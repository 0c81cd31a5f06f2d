#include "infractl/scale/hpa.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace infractl {

namespace {

WallClock::duration span(Duration d) {
    return std::chrono::duration_cast<WallClock::duration>(std::chrono::nanoseconds(d.ns));
}

// Replicas added (or removed) by the events of the last `period`.
int change_within(const std::vector<TimedCount>& events, Duration period, WallClock::time_point now) {
    int sum = 0;
    for (const auto& e : events)
        if (e.at > now - span(period)) sum += e.count;
    return sum;
}

int period_start(const HpaHistory& h, int current, Duration period, WallClock::time_point now) {
    return current - change_within(h.scale_ups, period, now) + change_within(h.scale_downs, period, now);
}

// horizontal.go: calculateScaleUpLimitWithScalingRules with selectPolicy Max.
int scale_up_limit(const HpaHistory& h, int current, const HpaBehavior& b, WallClock::time_point now) {
    int start = period_start(h, current, b.scale_up_period, now);
    int by_pods = start + b.scale_up_pods;
    int by_percent = static_cast<int>(std::ceil(start * (1.0 + b.scale_up_percent / 100.0)));
    return std::max({by_pods, by_percent, current});
}

// calculateScaleDownLimitWithBehaviors: a Percent policy truncates.
int scale_down_limit(const HpaHistory& h, int current, const HpaBehavior& b, WallClock::time_point now) {
    int start = period_start(h, current, b.scale_down_period, now);
    int by_percent = static_cast<int>(start * (1.0 - b.scale_down_percent / 100.0));
    return std::min(by_percent, current);
}

std::string seconds(Duration d) { return fmt::format("{}s", d.ns / 1'000'000'000); }

}  // namespace

int hpa_average_value_proposal(int current, double total, double target, double tolerance) {
    if (target <= 0) return current;
    int wanted = static_cast<int>(std::ceil(total / target));
    if (current <= 0) return wanted;
    double ratio = total / (target * current);
    if (std::abs(1.0 - ratio) <= tolerance) return current;
    return wanted;
}

int hpa_utilization_proposal(int current, double utilization, double target, double tolerance) {
    if (target <= 0 || current <= 0) return current;
    double ratio = utilization / target;
    if (std::abs(1.0 - ratio) <= tolerance) return current;
    return static_cast<int>(std::ceil(ratio * current));
}

HpaDecision hpa_normalize(HpaHistory& history, int current, int proposal, int min, int max, const HpaBehavior& b,
                          WallClock::time_point now) {
    // Outside its bounds the count goes straight to the nearest bound, as the
    // controller does before it looks at any metric.
    if (current > max) return {max, fmt::format("above max {}", max)};
    if (current < min) return {min, fmt::format("below min {}", min)};

    // stabilizeRecommendationWithBehaviors
    int up = proposal, down = proposal;
    for (const auto& r : history.recommendations) {
        if (r.at > now - span(b.scale_up_window)) up = std::min(up, r.count);
        if (r.at > now - span(b.scale_down_window)) down = std::max(down, r.count);
    }
    history.recommendations.push_back({now, proposal});
    int wanted = std::clamp(current, up, down);
    std::string why;
    if (wanted != proposal)
        why = wanted > proposal ? fmt::format("stabilisation window {}: {} was proposed within it",
                                              seconds(b.scale_down_window), down)
                                : fmt::format("scale-up window {}", seconds(b.scale_up_window));

    // convertDesiredReplicasWithBehaviorRate
    if (wanted > current) {
        int limit = scale_up_limit(history, current, b, now);
        int allowed = std::min(max, limit);
        if (wanted > allowed) {
            why = limit < max ? fmt::format("scale-up limit: at most max({} replicas, {}%) more per {}",
                                            b.scale_up_pods, b.scale_up_percent, seconds(b.scale_up_period))
                              : fmt::format("max {}", max);
            wanted = allowed;
        }
    } else if (wanted < current) {
        int limit = scale_down_limit(history, current, b, now);
        int allowed = std::max(min, limit);
        if (wanted < allowed) {
            why = limit > min ? fmt::format("scale-down limit: at most {}% fewer per {}", b.scale_down_percent,
                                            seconds(b.scale_down_period))
                              : fmt::format("min {}", min);
            wanted = allowed;
        }
    }
    return {wanted, why};
}

void hpa_record_scale(HpaHistory& history, int from, int to, WallClock::time_point now) {
    if (to > from) history.scale_ups.push_back({now, to - from});
    if (to < from) history.scale_downs.push_back({now, from - to});
}

void hpa_forget_old(HpaHistory& history, const HpaBehavior& b, WallClock::time_point now) {
    auto horizon = now - span(std::max({b.scale_up_window, b.scale_down_window, b.scale_up_period,
                                        b.scale_down_period}));
    auto old = [&](const TimedCount& t) { return t.at <= horizon; };
    for (auto* list : {&history.recommendations, &history.scale_ups, &history.scale_downs})
        list->erase(std::remove_if(list->begin(), list->end(), old), list->end());
}

}  // namespace infractl
