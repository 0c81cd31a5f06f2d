// `infractl metrics --listen` (app/metrics_server.hpp): GET /metrics served
// over HTTP by libmicrohttpd, a fresh sample per request, accepted by
// promtool; other paths 404; SIGTERM ends it with 130 as it ends autoscale.
// Reached with curl on 127.0.0.1 only. Ports 27201-27203 (this file's).
#include <csignal>

#include <catch2/catch.hpp>

#include "reconcile_support.hpp"
#include "support/harness.hpp"

using namespace infractl::e2e;
using infractl::e2e::rc::Spawned;
using namespace std::chrono_literals;

namespace {

const char* kStack = "e2e-promlisten";
const char* kUrl = "http://127.0.0.1:27202";

// A Redis and a "worker" (a second Redis, doing nothing) whose autoscale
// queue lives in the first: enough for a queue-length series.
const char* kTopology = R"(version: 1
stack: e2e-promlisten
networks:
  net: {}
globals:
  redis:
    image: infractl-local/redis:7
    ports: ["127.0.0.1:27201:6379"]
    healthcheck: {test: ["CMD", "redis-cli", "ping"], interval: 1s, timeout: 2s, retries: 20}
projects:
  promlisten:
    services:
      worker:
        image: infractl-local/redis:7
        autoscale: {min: 1, max: 10, queue: jobs, target_per_replica: 10}
)";

struct Http {
    int status = 0;
    std::string body;
};

// curl prints the body, then the status code on a line of its own.
Http get(const std::string& path) {
    RunResult r = run({"curl", "-sS", "-m", "30", "-w", "\n%{http_code}", std::string(kUrl) + path});
    Http h;
    if (r.exit_code != 0) return h;
    auto nl = r.out.rfind('\n');
    if (nl == std::string::npos) return h;
    h.status = std::atoi(r.out.c_str() + nl + 1);
    h.body = r.out.substr(0, nl);
    return h;
}

std::vector<std::string> metrics_argv(const std::string& topo, const std::string& listen) {
    return {INFRACTL_BINARY, "metrics", "-f", topo, "--listen", listen};
}

}  // namespace

TEST_CASE("metrics --listen serves /metrics, a fresh sample per request, until SIGTERM",
          "[e2e][scaling][metrics-listen]") {
    require_engine();
    require_local_image("redis", "infractl-local/redis:7");
    StackGuard guard(kStack);
    TempDir dir;
    auto topo = dir.write("topology.yaml", kTopology);
    std::vector<std::pair<std::string, std::string>> env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}};
    RunOptions opts;
    opts.env = {env.begin(), env.end()};

    RunResult up = run_infractl({"up", "-f", topo, "--wait", "--wait-timeout", "90s", "-q"}, opts);
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    REQUIRE(docker({"exec", "e2e-promlisten-redis", "redis-cli", "RPUSH", "jobs", "a", "b", "c"}).exit_code == 0);

    Spawned server(metrics_argv(topo, "127.0.0.1:27202"), env, dir.path() + "/server");
    Http first;
    bool served = wait_until([&] { return (first = get("/metrics")).status == 200; }, 60s, 500ms);
    INFO(server.err_so_far());
    REQUIRE(served);
    const std::string series = "infractl_celery_queue_length{project=\"promlisten\",service=\"worker\",queue=\"jobs\"} ";
    CHECK(first.body.find(series + "3\n") != std::string::npos);
    CHECK(first.body.find("infractl_service_replicas_running{project=\"promlisten\",service=\"worker\"} 1\n") !=
          std::string::npos);

    RunOptions lint;
    lint.stdin_text = first.body;
    RunResult promtool = run({"promtool", "check", "metrics"}, lint);
    INFO(first.body << promtool.str());
    CHECK(promtool.exit_code == 0);

    // The next request measures again: two more tasks are seen.
    REQUIRE(docker({"exec", "e2e-promlisten-redis", "redis-cli", "RPUSH", "jobs", "d", "e"}).exit_code == 0);
    Http second = get("/metrics");
    CHECK(second.status == 200);
    CHECK(second.body.find(series + "5\n") != std::string::npos);

    Http other = get("/");
    CHECK(other.status == 404);
    CHECK(get("/metrics/x").status == 404);

    server.signal(SIGTERM);
    RunResult ended = server.wait(30s);
    INFO(ended.str());
    CHECK_FALSE(ended.timed_out);  // hang guard: SIGTERM must end the server; 30 s is far past any real stop
    CHECK(ended.exit_code == 130);
    CHECK(ended.err.find("serving http://127.0.0.1:27202/metrics") != std::string::npos);
    CHECK(get("/metrics").status == 0);  // nothing listens any more
}

TEST_CASE("metrics --listen refuses an address other machines reach unless --listen-any",
          "[e2e][scaling][metrics-listen]") {
    TempDir dir;
    auto topo = dir.write("topology.yaml", kTopology);
    RunOptions opts;
    opts.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}};
    opts.timeout = 30s;
    RunResult any = run_infractl({"metrics", "-f", topo, "--listen", "0.0.0.0:27203"}, opts);
    INFO(any.str());
    CHECK(any.exit_code == 1);
    CHECK(any.err.find("--listen 0.0.0.0:27203 is not a loopback address") != std::string::npos);
    CHECK(any.err.find("--listen-any") != std::string::npos);

    RunResult bad = run_infractl({"metrics", "-f", topo, "--listen", "27203"}, opts);
    INFO(bad.str());
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("--listen '27203' is not HOST:PORT") != std::string::npos);
}
