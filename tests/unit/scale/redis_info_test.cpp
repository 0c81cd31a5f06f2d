#include <catch2/catch.hpp>

#include "infractl/scale/redis_info.hpp"

using namespace infractl;

namespace {
const char* kInfo =
    "# Memory\r\nused_memory:473628736\r\nused_memory_human:451.69M\r\nused_memory_rss:490000000\r\n"
    "maxmemory:0\r\n\r\n# Stats\r\ninstantaneous_ops_per_sec:1520\r\nevicted_keys:0\r\n"
    "expired_keys:12\r\nmem_fragmentation_ratio:1.02\r\n";
}

TEST_CASE("redis_info_value reads whole fields of an INFO reply", "[redis-info]") {
    CHECK(redis_info_value(kInfo, "used_memory") == 473628736);
    CHECK(redis_info_value(kInfo, "used_memory_rss") == 490000000);
    CHECK(redis_info_value(kInfo, "instantaneous_ops_per_sec") == 1520);
    CHECK(redis_info_value(kInfo, "evicted_keys") == 0);
    CHECK_FALSE(redis_info_value(kInfo, "used_memory_human"));      // not an integer
    CHECK_FALSE(redis_info_value(kInfo, "mem_fragmentation_ratio"));  // not an integer
    CHECK_FALSE(redis_info_value(kInfo, "memory"));                 // no such field
    CHECK_FALSE(redis_info_value(kInfo, "used"));
    CHECK(redis_info_value("evicted_keys:7", "evicted_keys") == 7);  // last line without CRLF
}

TEST_CASE("counter_rate is per second between two samples, unknown without one or after a reset",
          "[redis-info]") {
    CHECK_FALSE(counter_rate(std::nullopt, {10'000, 5}));
    CHECK(counter_rate(CounterSample{10'000, 5}, {20'000, 105}) == Approx(10.0));
    CHECK(counter_rate(CounterSample{10'000, 5}, {10'500, 5}) == Approx(0.0));
    CHECK_FALSE(counter_rate(CounterSample{10'000, 500}, {20'000, 3}));  // restarted
    CHECK_FALSE(counter_rate(CounterSample{10'000, 5}, {10'000, 9}));   // no time passed
}
