// The seed's Redis triggers, provoked for real on Debian's redis-server:
// used_memory past the seed's 400MB (DEBUG POPULATE), and evictions as a
// rate between two samples kept in the state dir (maxmemory lowered, then
// writes from redis-benchmark). Read by `advise` and `metrics` through the
// published port 127.0.0.1:27220 (this file's).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/harness.hpp"

using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

const char* kStack = "e2e-redistrig";

const char* kTopology = R"(version: 1
stack: e2e-redistrig
networks:
  net: {}
globals:
  redis:
    image: infractl-local/redis:7
    command: redis-server --protected-mode no --bind 0.0.0.0 --enable-debug-command local --save ""
    ports: ["127.0.0.1:27220:6379"]
    healthcheck: {test: ["CMD", "redis-cli", "ping"], interval: 1s, timeout: 2s, retries: 20}
)";

RunResult redis_cli(const std::vector<std::string>& args) {
    std::vector<std::string> cmd = {"exec", "e2e-redistrig-redis", "redis-cli"};
    cmd.insert(cmd.end(), args.begin(), args.end());
    return docker(cmd);
}

nlohmann::json redis_entry(const RunResult& advise) {
    auto doc = nlohmann::json::parse(advise.out);
    for (const auto& s : doc["services"])
        if (s["service"] == "redis") return s;
    return {};
}

}  // namespace

TEST_CASE("Redis used_memory above 400MB and an eviction rate are seen by advise and metrics",
          "[e2e][scaling][redis-triggers]") {
    require_engine();
    require_local_image("redis", "infractl-local/redis:7");
    StackGuard guard(kStack);
    TempDir dir;
    auto topo = dir.write("topology.yaml", kTopology);
    RunOptions opts;
    opts.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}};

    RunResult up = run_infractl({"up", "-f", topo, "--wait", "--wait-timeout", "90s", "-q"}, opts);
    INFO(up.str());
    REQUIRE(up.exit_code == 0);

    RunResult calm = run_infractl({"advise", "-f", topo, "-o", "json"}, opts);
    INFO(calm.str());
    REQUIRE(calm.exit_code == 0);
    CHECK(redis_entry(calm)["advice"] == "keep");
    CHECK(redis_entry(calm)["metrics"]["redis_used_memory"].get<std::int64_t>() < (400ll << 20));

    // 450,000 keys of 1,000 bytes: about 520 MB of used_memory.
    RunResult fill = redis_cli({"DEBUG", "POPULATE", "450000", "key", "1000"});
    INFO(fill.str());
    REQUIRE(fill.exit_code == 0);
    REQUIRE(fill.out.find("OK") != std::string::npos);

    RunResult full = run_infractl({"advise", "-f", topo, "-o", "json"}, opts);
    INFO(full.str());
    REQUIRE(full.exit_code == 0);
    nlohmann::json r = redis_entry(full);
    CHECK(r["metrics"]["redis_used_memory"].get<std::int64_t>() > (400ll << 20));
    CHECK(r["metrics"].contains("redis_ops_per_second"));
    CHECK(r["metrics"]["evicted_keys"] == 0);
    CHECK(r["metrics"]["evicted_per_second"] == 0.0);  // the calm run left a sample
    CHECK(r["advice"] == "scale up");
    CHECK(r["reason"].get<std::string>().find("above 400.0 MiB (seed: Redis memory > 400MB)") != std::string::npos);

    RunResult metrics = run_infractl({"metrics", "-f", topo}, opts);
    INFO(metrics.str());
    REQUIRE(metrics.exit_code == 0);
    CHECK(metrics.out.find("infractl_redis_used_memory_bytes{project=\"\",service=\"redis\",global=\"true\"} ") !=
          std::string::npos);
    CHECK(metrics.out.find("infractl_redis_evicted_keys_per_second{project=\"\",service=\"redis\",global=\"true\"} 0\n") !=
          std::string::npos);
    RunOptions lint;
    lint.stdin_text = metrics.out;
    CHECK(run({"promtool", "check", "metrics"}, lint).exit_code == 0);

    // A cache that is full now: below its data, every write evicts.
    REQUIRE(redis_cli({"CONFIG", "SET", "maxmemory", "300mb"}).exit_code == 0);
    REQUIRE(redis_cli({"CONFIG", "SET", "maxmemory-policy", "allkeys-random"}).exit_code == 0);
    RunResult writes = docker({"exec", "e2e-redistrig-redis", "redis-benchmark", "-q", "-t", "set", "-n", "2000",
                               "-r", "1000000", "-d", "1000", "-c", "4"});
    INFO(writes.str());
    REQUIRE(writes.exit_code == 0);
    long long evicted = -1;
    RunResult info = redis_cli({"INFO", "stats"});
    if (auto pos = info.out.find("evicted_keys:"); pos != std::string::npos)
        evicted = std::stoll(info.out.substr(pos + 13));
    INFO("evicted_keys: " << evicted);
    REQUIRE(evicted > 0);

    RunResult evicting = run_infractl({"advise", "-f", topo, "-o", "json"}, opts);
    INFO(evicting.str());
    REQUIRE(evicting.exit_code == 0);
    r = redis_entry(evicting);
    CHECK(r["metrics"]["evicted_keys"].get<long long>() >= evicted);
    CHECK(r["metrics"]["evicted_per_second"].get<double>() > 0);
    CHECK(r["advice"] == "scale up");
    CHECK(r["reason"].get<std::string>().find("keys/s: the cache is full") != std::string::npos);
}
