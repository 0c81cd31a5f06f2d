#include "infractl/scale/advice.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "infractl/core/units.hpp"


namespace infractl {

const char* to_string(AdviceKind k) {
    switch (k) {
        case AdviceKind::keep: return "keep";
        case AdviceKind::scale_out: return "scale out";
        case AdviceKind::scale_in: return "scale in";
        case AdviceKind::scale_up: return "scale up";
        case AdviceKind::investigate: return "investigate";
    }
    return "keep";
}

namespace {

// CPU as a share of what the service may use: its limit, else one CPU.
std::optional<double> cpu_share(const DesiredService& s, const ServiceMetrics& m) {
    if (!m.cpu_percent) return std::nullopt;
    double allowed = s.spec.cpu_limit ? static_cast<double>(s.spec.cpu_limit->value) / 1e7 : 100.0;
    return *m.cpu_percent / allowed;
}

std::optional<double> memory_share(const DesiredService& s, const ServiceMetrics& m) {
    if (!m.memory_used || !s.spec.memory_limit || s.spec.memory_limit->value <= 0) return std::nullopt;
    return static_cast<double>(*m.memory_used) / static_cast<double>(s.spec.memory_limit->value);
}

int percent(double share) { return static_cast<int>(std::lround(share * 100)); }

// The seed's HPA, step 1 of the Kubernetes algorithm (scale/hpa.hpp): the
// queue as an AverageValue metric, ceil(queue / target per replica), and CPU
// as a utilisation, ceil(replicas x cpu / target), each with the tolerance;
// the larger wins, clamped to [min, max]. The window and the rate limits are
// autoscale's (they need the history); advise shows this proposal.
std::optional<Advice> horizontal(const DesiredService& s, const ServiceMetrics& m) {
    if (!s.autoscale) return std::nullopt;
    const Autoscale& a = *s.autoscale;
    std::optional<int> want;
    std::string why;
    if (m.queue_length && a.target_per_replica > 0) {
        const double queued = static_cast<double>(*m.queue_length);
        want = hpa_average_value_proposal(s.replicas, queued, a.target_per_replica, a.tolerance);
        why = fmt::format("queue '{}' holds {} tasks, target {} per replica", a.queue, *m.queue_length,
                          a.target_per_replica);
        if (*want != hpa_average_value_proposal(s.replicas, queued, a.target_per_replica, 0.0))
            why += fmt::format(" (within the tolerance {:g})", a.tolerance);
    }
    if (a.cpu_target_percent > 0 && m.cpu_percent && s.replicas > 0) {
        int by_cpu = hpa_utilization_proposal(s.replicas, *m.cpu_percent, a.cpu_target_percent, a.tolerance);
        if (!want || by_cpu > *want)
            why = fmt::format("CPU {:.0f}% per replica, target {}%", *m.cpu_percent, a.cpu_target_percent);
        want = std::max(want.value_or(by_cpu), by_cpu);
    }
    if (!want) return std::nullopt;
    int top = autoscale_max(s);
    if (*want > top) {
        why += fmt::format("; capped at max {}", top);
        want = top;
    }
    if (*want < a.min) {
        why += fmt::format("; held at min {}", a.min);
        want = a.min;
    }
    Advice adv{s.key, AdviceKind::keep, s.replicas, *want, why};
    if (*want > s.replicas) adv.kind = AdviceKind::scale_out;
    if (*want < s.replicas) adv.kind = AdviceKind::scale_in;
    return adv;
}

std::optional<Advice> vertical(const DesiredService& s, const ServiceMetrics& m, const AdviceThresholds& t) {
    std::vector<std::string> why;
    bool database = m.db_connections.has_value() || s.key.service.find("postgres") != std::string::npos;
    double cpu_limit_share = database ? t.db_cpu_share : t.cpu_share;
    if (auto c = cpu_share(s, m); c && *c > cpu_limit_share)
        why.push_back(fmt::format("CPU at {}% of its limit (threshold {}%)", percent(*c), percent(cpu_limit_share)));
    if (auto mem = memory_share(s, m); mem && *mem > t.memory_share)
        why.push_back(fmt::format("memory at {}% of its limit (threshold {}%)", percent(*mem), percent(t.memory_share)));
    if (m.redis_used_memory && *m.redis_used_memory > t.redis_used_memory)
        why.push_back(fmt::format("used_memory {} above {} (seed: Redis memory > 400MB)",
                                  format_bytes_human(Bytes{*m.redis_used_memory}),
                                  format_bytes_human(Bytes{t.redis_used_memory})));
    // A rate, not the total: a Redis that evicted once, long ago, is not full now.
    if (m.evicted_per_second && *m.evicted_per_second > t.redis_evictions_per_second)
        why.push_back(fmt::format("evicting {:.1f} keys/s: the cache is full", *m.evicted_per_second));
    if (why.empty()) return std::nullopt;
    std::string reason;
    for (const auto& w : why) reason += (reason.empty() ? "" : "; ") + w;
    if (s.global) reason += "; raise its limits, or move to a managed service (seed: production)";
    else reason += "; raise its limits";
    return Advice{s.key, AdviceKind::scale_up, s.replicas, s.replicas, reason};
}

std::optional<Advice> connections(const DesiredService& s, const ServiceMetrics& m, const AdviceThresholds& t) {
    if (!m.db_connections || !m.db_max_connections || *m.db_max_connections <= 0) return std::nullopt;
    double share = static_cast<double>(*m.db_connections) / *m.db_max_connections;
    if (share <= t.connection_share) return std::nullopt;
    return Advice{s.key, AdviceKind::investigate, s.replicas, s.replicas,
                  fmt::format("{} of {} connections in use: add a pool (PgBouncer) or raise max_connections",
                              *m.db_connections, *m.db_max_connections)};
}

Advice advise_one(const DesiredService& s, const ServiceMetrics& m, const AdviceThresholds& t) {
    if (auto a = connections(s, m, t)) return *a;
    if (auto a = vertical(s, m, t)) {
        // A worker short of CPU is better served by more workers than by a
        // bigger one (seed: "scale workers first").
        if (!s.singleton && !s.global && s.autoscale) {
            if (auto h = horizontal(s, m); h && h->kind == AdviceKind::scale_out) return *h;
        }
        return *a;
    }
    if (s.singleton || s.global) {
        std::string why = s.singleton && !s.singleton_reason.empty() ? "singleton: " + s.singleton_reason
                          : s.global ? "global singleton; within its limits"
                                     : "singleton; within its limits";
        return Advice{s.key, AdviceKind::keep, s.replicas, s.replicas, why};
    }
    if (auto h = horizontal(s, m)) return *h;
    return Advice{s.key, AdviceKind::keep, s.replicas, s.replicas,
                  s.autoscale ? "no metric available" : "within its limits (no autoscale block)"};
}

}  // namespace

std::vector<Advice> advise(const DesiredState& desired, const std::vector<ServiceMetrics>& metrics,
                           const AdviceThresholds& t) {
    std::vector<Advice> out;
    for (const auto& m : metrics) {
        const DesiredService* s = desired.find(m.key);
        if (!s) continue;
        out.push_back(advise_one(*s, m, t));
    }
    return out;
}

int autoscale_max(const DesiredService& s) {
    if (s.autoscale && s.autoscale->max) return *s.autoscale->max;
    if (s.max_replicas) return *s.max_replicas;
    return std::max(s.replicas, 10);
}

HpaBehavior hpa_behavior(const Autoscale& a) {
    HpaBehavior b;
    b.tolerance = a.tolerance;
    b.scale_up_pods = a.scale_up_pods;
    b.scale_up_percent = a.scale_up_percent;
    b.scale_up_period = a.scale_up_period;
    b.scale_down_window = a.scale_down_delay;
    b.scale_down_percent = a.scale_down_percent;
    b.scale_down_period = a.scale_down_period;
    return b;
}

}  // namespace infractl
