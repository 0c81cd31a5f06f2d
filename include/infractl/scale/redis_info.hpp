#pragma once
// The seed's Redis triggers ("Metrics to Monitor"): fields of one INFO reply,
// and a counter's rate between two samples. Pure: text and numbers in.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace infractl {

// The integer value of `field` in an INFO reply ("used_memory:473628736\r\n");
// nullopt when the field is absent or not a number. Matches whole field names
// only: "used_memory" does not read "used_memory_rss".
std::optional<std::int64_t> redis_info_value(std::string_view info, std::string_view field);

// One reading of a counter (evicted_keys), kept in the state dir between
// runs (state/counter_store.hpp). Milliseconds since the epoch.
struct CounterSample {
    std::int64_t at_ms = 0;
    std::int64_t value = 0;
};

// Per second between two readings; nullopt without an earlier one, when no
// time passed, or when the counter went down (Redis restarted: the rate is
// unknown until the next sample).
std::optional<double> counter_rate(const std::optional<CounterSample>& before, const CounterSample& now);

}  // namespace infractl
