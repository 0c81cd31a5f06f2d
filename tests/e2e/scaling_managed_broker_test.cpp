// The prod case of the seed: Redis is managed (an endpoint URL in the
// profile), so no container of the stack holds the queue. advise, metrics and
// autoscale read it at the URL, with its password and database, and say so.
// The "managed" Redis is a container this test starts itself, without
// infractl's labels, reached only through 127.0.0.1:27320.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/harness.hpp"

using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

const char* kStack = "e2e-mbroker";
const char* kRedis = "e2e-mbroker-elasticache";

const char* kTopology = R"(version: 1
stack: e2e-mbroker
globals:
  redis:
    image: infractl-local/redis:7
projects:
  mbroker:
    services:
      worker:
        image: infractl-test/busybox:1
        environment:
          CELERY_BROKER_URL: redis://redis:6379/0
        max_replicas: 10
        autoscale: {min: 1, max: 10, queue: jobs, target_per_replica: 10}
)";

// What prod.yaml does to the example's redis, with the test's own endpoint.
const char* kProfile = R"(version: 1
profile: managed
globals:
  redis:
    managed:
      endpoint: redis://:s3cret-pw@127.0.0.1:27320/2
      env: CELERY_BROKER_URL
)";

struct ExternalRedis {
    ExternalRedis() {
        docker({"rm", "-f", kRedis});
        RunResult r = docker({"run", "-d", "--name", kRedis, "-p", "127.0.0.1:27320:6379", "infractl-local/redis:7",
                              "--requirepass", "s3cret-pw"});
        if (r.exit_code != 0) throw std::runtime_error("cannot start the external redis: " + r.str());
    }
    ~ExternalRedis() { docker({"rm", "-f", kRedis}); }
    RunResult cli(const std::string& script) const {
        return docker({"exec", kRedis, "sh", "-c", "redis-cli -a s3cret-pw --no-auth-warning -n 2 " + script});
    }
};

}  // namespace

TEST_CASE("advise and autoscale read a managed broker at its URL", "[e2e][scaling][managed]") {
    require_engine();
    require_test_images();
    require_local_image("redis", "infractl-local/redis:7");
    StackGuard guard(kStack);
    ExternalRedis redis;
    TempDir dir;
    auto topo = dir.write("topology.yaml", kTopology);
    dir.write("profiles/managed.yaml", kProfile);
    RunOptions opts;
    opts.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}};
    REQUIRE(wait_until([&] { return redis.cli("ping").out.find("PONG") != std::string::npos; }, 20s, 200ms));

    RunResult up = run_infractl({"up", "-f", topo, "--profile", "managed", "--wait", "-q"}, opts);
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    REQUIRE(running_containers(kStack, "worker") == 1);

    // 35 waiting in database 2 and one a worker holds (kombu's unacked hash): 36 of queue "jobs".
    RunResult push = redis.cli("RPUSH jobs $(seq -s ' ' 1 35) >/dev/null && redis-cli -a s3cret-pw --no-auth-warning "
                               "-n 2 HSET unacked tag-1 '[{\"body\": \"\"}, \"jobs\", \"jobs\"]'");
    INFO(push.str());
    REQUIRE(push.exit_code == 0);

    RunResult advise = run_infractl({"advise", "-f", topo, "--profile", "managed", "-o", "json"}, opts);
    INFO(advise.str());
    REQUIRE(advise.exit_code == 0);
    CHECK(advise.out.find("s3cret-pw") == std::string::npos);
    auto doc = nlohmann::json::parse(advise.out);
    bool saw = false;
    for (const auto& s : doc["services"]) {
        if (s["service"] != "mbroker/worker") continue;
        saw = true;
        CHECK(s["metrics"]["queue_length"] == 36);
        CHECK(s["suggested"] == 4);  // ceil(36 / 10)
        CHECK(s["sources"].dump().find("queue length from redis://:***@127.0.0.1:27320/2 (managed endpoint)") !=
              std::string::npos);
    }
    CHECK(saw);

    RunResult metrics = run_infractl({"metrics", "-f", topo, "--profile", "managed"}, opts);
    INFO(metrics.str());
    CHECK(metrics.out.find("infractl_celery_queue_length{project=\"mbroker\",service=\"worker\",queue=\"jobs\"} 36\n") !=
          std::string::npos);

    RunResult once = run_infractl({"autoscale", "-f", topo, "--profile", "managed", "--once", "-q"}, opts);
    INFO(once.str());
    CHECK(once.exit_code == 0);
    CHECK(once.err.find("autoscale: mbroker/worker 1 -> 4") != std::string::npos);
    CHECK(running_containers(kStack, "worker") == 4);

    // A wrong password is a note naming the endpoint without it, not a crash.
    dir.write("profiles/managed.yaml", std::string(kProfile).replace(std::string(kProfile).find("s3cret-pw"), 9, "wrong-pw"));
    RunResult denied = run_infractl({"advise", "-f", topo, "--profile", "managed"}, opts);
    INFO(denied.str());
    CHECK(denied.exit_code == 0);
    CHECK(denied.out.find("note: mbroker/worker: queue length: managed broker redis://:***@127.0.0.1:27320/2: AUTH failed") !=
          std::string::npos);
    CHECK(denied.out.find("wrong-pw") == std::string::npos);
}
