// The queue length autoscale decides on counts every task of a Celery queue
// (scale/celery_queue.hpp), measured with the example's real Celery app
// (examples/turfoo, built by infractl from `build:`) on a real Redis: tasks sent with priorities
// land in kombu's per-step lists, and a worker with a prefetch above 1 holds
// tasks in the "unacked" hash while the lists read short.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "example_support.hpp"
#include "support/harness.hpp"

using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

const char* kStack = "e2e-celeryq";

// One worker, one process, prefetching 4 (acks_late in the app: a fetched
// task stays unacked until it has run). DATABASE_URL leads nowhere: every
// task sleeps 300 s first, far past the test.
const char* kTopology = R"(version: 1
stack: e2e-celeryq
networks:
  net: {}
globals:
  redis:
    image: infractl-local/redis:7
    ports: ["127.0.0.1:26479:6379"]
    healthcheck: {test: ["CMD", "redis-cli", "ping"], interval: 1s, timeout: 2s, retries: 20}
projects:
  celeryq:
    services:
      worker:
        build: @SOURCE@/examples/turfoo
        command: celery -A turfoo.celery_app worker --loglevel=info -Q turfoo --concurrency 1 --prefetch-multiplier 4
        environment:
          CELERY_BROKER_URL: redis://redis:6379/0
          DATABASE_URL: postgresql://nobody@nowhere.invalid:5432/none
        depends_on:
          redis: {condition: service_healthy}
        autoscale: {min: 1, max: 10, queue: turfoo, target_per_replica: 10}
)";

long long redis_int(const std::vector<std::string>& args) {
    std::vector<std::string> cmd = {"exec", "e2e-celeryq-redis", "redis-cli"};
    cmd.insert(cmd.end(), args.begin(), args.end());
    RunResult r = docker(cmd);
    if (r.exit_code != 0) return -1;
    try {
        return std::stoll(r.out);
    } catch (const std::exception&) {
        return -1;
    }
}

}  // namespace

TEST_CASE("the queue length counts kombu's priority lists and the tasks workers hold unacked",
          "[e2e][scaling][celery]") {
    require_engine();
    require_local_image("redis", "infractl-local/redis:7");
    require_local_image("celery", "infractl-local/celery:5");  // the base of examples/turfoo
    struct Untag {  // declared before the guard: runs after the containers are gone
        ~Untag() { untag_repository("infractl-build/celeryq-worker"); }
    } untag;
    StackGuard guard(kStack);
    TempDir dir;
    std::string text = kTopology;
    replace_all(text, "@SOURCE@", INFRACTL_SOURCE_DIR);
    auto topo = dir.write("topology.yaml", text);
    RunOptions opts;
    opts.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}};

    RunResult up = run_infractl({"up", "-f", topo, "--wait", "--wait-timeout", "90s", "-q"}, opts);
    INFO(up.str());
    REQUIRE(up.exit_code == 0);

    // 40 tasks, priorities 0-9: kombu puts them in the lists of steps 0, 3, 6 and 9.
    RunResult send = docker({"exec", "celeryq-worker-1", "python3", "-c",
                             "from turfoo.tasks import record\n"
                             "for i in range(40): record.apply_async((i, 300), priority=i % 10)\n"});
    INFO(send.str());
    REQUIRE(send.exit_code == 0);

    // The worker fills its prefetch: 4 tasks unacked (one running, three reserved).
    bool prefetched = wait_until([] { return redis_int({"HLEN", "unacked"}) == 4; }, 90s);
    INFO("unacked: " << redis_int({"HLEN", "unacked"}));
    REQUIRE(prefetched);

    long long bare = redis_int({"LLEN", "turfoo"});
    INFO("bare LLEN turfoo: " << bare);
    CHECK(bare >= 0);
    CHECK(bare < 36);  // the other steps' lists hold the rest

    RunResult advise = run_infractl({"advise", "-f", topo, "-o", "json"}, opts);
    INFO(advise.str());
    REQUIRE(advise.exit_code == 0);
    auto doc = nlohmann::json::parse(advise.out);
    bool seen = false;
    for (const auto& s : doc["services"]) {
        if (s["service"] != "celeryq/worker") continue;
        seen = true;
        CHECK(s["metrics"]["queue_length"] == 40);
        CHECK(s["suggested"] == 4);  // ceil(40 / 10)
    }
    CHECK(seen);
}
