// advise and autoscale against the real engine: a Redis broker (the local
// image) holding a queue, busybox "workers" with an autoscale block. The queue
// is filled through `docker exec redis-cli`, infractl reads it with hiredis
// through the port published on 127.0.0.1.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/harness.hpp"

using namespace infractl::e2e;

namespace {

const char* kStack = "e2e-advise";

// `delay` is the autoscale block's scale_down_delay (the HPA's stabilisation window).
std::string topology(const std::string& delay = "0s") {
    return R"(version: 1
stack: e2e-advise
networks:
  net: {}
globals:
  redis:
    image: infractl-local/redis:7
    ports: ["127.0.0.1:26379:6379"]
    healthcheck: {test: ["CMD", "redis-cli", "ping"], interval: 1s, timeout: 2s, retries: 20}
projects:
  adv:
    services:
      worker:
        image: infractl-test/busybox:1
        depends_on:
          redis: {condition: service_healthy}
        max_replicas: 6
        autoscale: {min: 1, max: 6, queue: adv, target_per_replica: 100, scale_down_delay: )" +
           delay + R"(}
      beat:
        image: infractl-test/busybox:1
        singleton: "multiple beat instances cause duplicate scheduled tasks"
)";
}

}  // namespace

TEST_CASE("advise reads queue length with hiredis and autoscale applies it", "[e2e][scaling]") {
    require_engine();
    require_test_images();
    require_local_image("redis", "infractl-local/redis:7");
    StackGuard guard(kStack);
    TempDir dir;
    auto topo = dir.write("topology.yaml", topology());
    dir.write("profiles/dev.yaml", "version: 1\nprofile: dev\ndefault_host_ip: 127.0.0.1\n");
    RunOptions opts;
    opts.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}};

    RunResult up = run_infractl({"up", "-f", topo, "--wait", "--wait-timeout", "60s", "-q"}, opts);
    REQUIRE(up.exit_code == 0);
    INFO(up.str());

    // 450 queued tasks: the seed's HPA wants ceil(450 / 100) = 5 workers.
    RunResult push = docker({"exec", "e2e-advise-redis", "sh", "-c",
                             "for i in $(seq 1 450); do echo \"RPUSH adv task$i\"; done | redis-cli > /dev/null"});
    REQUIRE(push.exit_code == 0);

    RunResult advise = run_infractl({"advise", "-f", topo, "-o", "json"}, opts);
    INFO(advise.str());
    REQUIRE(advise.exit_code == 0);
    auto doc = nlohmann::json::parse(advise.out);
    bool saw_worker = false, saw_beat = false;
    for (const auto& s : doc["services"]) {
        if (s["service"] == "adv/worker") {
            saw_worker = true;
            CHECK(s["metrics"]["queue_length"] == 450);
            CHECK(s["advice"] == "scale out");
            CHECK(s["suggested"] == 5);
        }
        if (s["service"] == "adv/beat") {
            saw_beat = true;
            CHECK(s["advice"] == "keep");
            CHECK(s["reason"] == "singleton: multiple beat instances cause duplicate scheduled tasks");
        }
    }
    CHECK(saw_worker);
    CHECK(saw_beat);

    // The same figures for Prometheus, accepted by its own linter.
    RunResult metrics = run_infractl({"metrics", "-f", topo}, opts);
    INFO(metrics.str());
    REQUIRE(metrics.exit_code == 0);
    CHECK(metrics.out.find("infractl_celery_queue_length{project=\"adv\",service=\"worker\",queue=\"adv\"} 450\n") !=
          std::string::npos);
    CHECK(metrics.out.find("infractl_service_replicas_running{project=\"adv\",service=\"worker\"} 1\n") !=
          std::string::npos);
    RunOptions lint;
    lint.stdin_text = metrics.out;
    RunResult promtool = run({"promtool", "check", "metrics"}, lint);
    INFO(promtool.str());
    CHECK(promtool.exit_code == 0);

    RunResult text = run_infractl({"advise", "-f", topo}, opts);
    CHECK(text.out.find("adv/worker") != std::string::npos);
    CHECK(text.out.find("1 -> 5") != std::string::npos);

    // With a 5-minute stabilisation window (the same stack, state dir and counts).
    auto windowed = dir.write("windowed.yaml", topology("5m"));
    RunResult scale = run_infractl({"autoscale", "-f", windowed, "--once", "-q"}, opts);
    INFO(scale.str());
    CHECK(scale.exit_code == 0);
    CHECK(scale.err.find("autoscale: adv/worker 1 -> 5") != std::string::npos);
    CHECK(running_containers("e2e-advise", "worker") == 5);
    CHECK(read_text(dir.path() + "/state/e2e-advise.dev.autoscale.json").find("\"adv/worker\"") != std::string::npos);

    // The queue drains. A new autoscale process still holds 5: the proposal
    // of the first one is within the window, kept in the state dir.
    REQUIRE(docker({"exec", "e2e-advise-redis", "redis-cli", "DEL", "adv"}).exit_code == 0);
    RunResult held = run_infractl({"autoscale", "-f", windowed, "--once"}, opts);
    INFO(held.str());
    CHECK(held.exit_code == 0);
    CHECK(held.err.find("autoscale: adv/worker stays at 5: stabilisation window 300s: 5 was proposed within it") !=
          std::string::npos);
    CHECK(running_containers("e2e-advise", "worker") == 5);

    // Without a window the next round scales in to min.
    RunResult back = run_infractl({"autoscale", "-f", topo, "--once", "-q"}, opts);
    INFO(back.str());
    CHECK(back.exit_code == 0);
    CHECK(running_containers("e2e-advise", "worker") == 1);
}
