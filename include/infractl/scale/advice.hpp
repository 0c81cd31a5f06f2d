#pragma once
// Scaling advice from live metrics, following the seed's rules
// (docs/scaling.md): Celery workers scale out on queue length per replica,
// singletons never scale out, globals and databases scale up (vertically)
// when memory or CPU stay high. Pure: metrics in, advice out; collecting the
// metrics is scale/metrics.hpp's job.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "infractl/resolve/desired_state.hpp"
#include "infractl/scale/hpa.hpp"

namespace infractl {

struct ServiceMetrics {
    ServiceKey key;
    int running = 0;
    std::optional<double> cpu_percent;         // mean over replicas, 100 = one CPU
    std::optional<std::int64_t> memory_used;   // highest replica, bytes
    std::optional<std::int64_t> queue_length;  // autoscale.queue in the broker
    std::optional<std::int64_t> evicted_keys;  // Redis INFO: total since it started
    std::optional<double> evicted_per_second;  // Redis: since the previous sample (state dir)
    std::optional<std::int64_t> redis_used_memory;  // Redis INFO used_memory, bytes
    std::optional<std::int64_t> redis_ops_per_second;  // Redis INFO instantaneous_ops_per_sec
    std::optional<int> db_connections;         // PostgreSQL
    std::optional<int> db_max_connections;
    std::vector<std::string> unavailable;      // metrics that could not be read, and why
    std::vector<std::string> sources;          // where a figure came from: "queue length: redis://... (managed endpoint)"
};

// How `metrics`/`advise` reach Redis and PostgreSQL: through the port a
// service publishes on this host (infractl on the host, the default), or by
// the service's alias on the stack network at its container port (infractl
// run as a container of the stack, `metrics --reach network`: the exporter of
// the staging profile, docs/scaling.md).
enum class MetricsReach { published_port, service_network };

enum class AdviceKind { keep, scale_out, scale_in, scale_up, investigate };
const char* to_string(AdviceKind k);

struct Advice {
    ServiceKey key;
    AdviceKind kind = AdviceKind::keep;
    int current = 0;
    int suggested = 0;  // replicas; equals current unless scale_out/scale_in
    std::string reason;
};

// Thresholds from the seed ("When to Scale").
struct AdviceThresholds {
    double memory_share = 0.8;      // Redis "> 400MB" of 512M
    double cpu_share = 0.8;         // Redis, workers
    double db_cpu_share = 0.7;      // PostgreSQL "CPU > 70% sustained"
    double connection_share = 0.8;  // connection pool exhaustion
    std::int64_t redis_used_memory = 400ll << 20;  // Redis "Memory usage consistently > 400MB"
    double redis_evictions_per_second = 0;         // Redis "High eviction rates": any, by default
};

std::vector<Advice> advise(const DesiredState& desired, const std::vector<ServiceMetrics>& metrics,
                           const AdviceThresholds& t = {});

// The most replicas autoscale may run: autoscale.max, else max_replicas,
// else 10 (or the current count when higher).
int autoscale_max(const DesiredService& s);

// The HPA behaviour an autoscale block asks for (scale/hpa.hpp).
HpaBehavior hpa_behavior(const Autoscale& a);

}  // namespace infractl
