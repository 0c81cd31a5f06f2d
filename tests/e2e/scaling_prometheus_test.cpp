// The staging profile's monitoring (docs/scaling.md, "Monitoring in staging"):
// a test copy of the example under the staging profile runs the real
// Prometheus (Debian's), scraping infractl's exporter (`infractl metrics
// --listen` as a container of the stack, --reach network) and Debian's Redis
// and PostgreSQL exporters by their names on the stack network. Tasks queued
// with the example's Celery app are read back from Prometheus's HTTP API,
// through its port published on 127.0.0.1. Ports 27210-27216 (this file's).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "example_support.hpp"
#include "support/harness.hpp"

using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

constexpr ExamplePorts kPorts{27210, 27211, 27212, 27213, 27214, 27215, 27216};

// The staging profile, cut to what the test needs (one project, one worker,
// no object store, no beat: beat would queue a tick every 10 s).
std::string staging_profile(const ExampleCopy& ex) {
    std::string p = read_text(std::string(INFRACTL_SOURCE_DIR) + "/profiles/staging.yaml");
    replace_all(p, "  minio:\n    resources:\n      limits: {cpus: 1, memory: 4G}\n", "  minio:\n    enabled: false\n");
    replace_all(p, "      replicas: 3 ", "      replicas: 1 ");
    replace_all(p, "      read_replicas: 1 ", "      read_replicas: 0 ");
    replace_all(p, "    celery-beat:\n      resources:\n        limits: {memory: 512M}\n",
                "    celery-beat:\n      enabled: false\n");
    replace_all(p, "autoscale: {min: 2, max: 3, queue: turfoo", "autoscale: {min: 1, max: 3, queue: turfoo");
    replace_all(p, "\n  turfoo:\n    services:", "\n  " + ex.turfoo() + ":\n    services:");
    replace_all(p, "\n  order:\n    services:\n      celery-worker:\n        autoscale: {min: 2, max: 3, queue: order, target_per_replica: 100}\n",
                "\n  " + ex.order() + ":\n    services:\n      postgres: {enabled: false}\n"
                "      postgres-exporter: {enabled: false}\n      celery-worker: {enabled: false}\n");
    return p;
}

// One instant query through the published port; the first sample's value,
// nullopt while Prometheus has none (or does not answer yet).
std::optional<double> query(const std::string& promql) {
    RunResult r = run({"curl", "-sS", "-m", "10", "-G", "--data-urlencode", "query=" + promql,
                       "http://127.0.0.1:" + std::to_string(kPorts.prometheus) + "/api/v1/query"});
    if (r.exit_code != 0) return std::nullopt;
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    if (doc.is_discarded() || doc.value("status", "") != "success") return std::nullopt;
    const auto& result = doc["data"]["result"];
    if (!result.is_array() || result.empty()) return std::nullopt;
    return std::stod(result[0]["value"][1].get<std::string>());
}

bool series_is(const std::string& promql, double want, std::chrono::seconds timeout) {
    return wait_until([&] { return query(promql) == want; }, timeout, 2s);
}

}  // namespace

TEST_CASE("staging's Prometheus scrapes infractl's queue length and the Redis and PostgreSQL exporters",
          "[e2e][scaling][prometheus]") {
    require_engine();
    for (const auto& [name, tag] : std::vector<std::pair<std::string, std::string>>{
             {"redis", "infractl-local/redis:7"},
             {"postgres", "infractl-local/postgres:15-r2"},
             {"celery", "infractl-local/celery:5"},  // the base of the turfoo app, which up builds
             {"prometheus", "infractl-local/prometheus:2"},
             {"redis-exporter", "infractl-local/redis-exporter:1"},
             {"postgres-exporter", "infractl-local/postgres-exporter:1"},
             {"infractl-runtime", "infractl-local/infractl-runtime:1"}})
        require_local_image(name, tag);
    ExampleCopy ex("pm", kPorts);
    ex.profile_name = "staging";
    ex.profile = staging_profile(ex);
    ex.write();
    StackGuard guard(ex.stack());
    const std::vector<std::pair<std::string, std::string>> bin = {{"INFRACTL_BIN", INFRACTL_BINARY}};

    RunResult up = ex.run({"up", "--profile", "staging", "--wait", "--wait-timeout", "300s", "-q"}, 420s, bin);
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    std::vector<std::string> names = stack_containers(ex.stack());
    std::string listed;
    for (const auto& n : names) listed += n + " ";
    INFO("containers: " << listed);
    INFO("exporter log: " << docker({"logs", "--tail", "20", "e2ex-pm-infractl-exporter"}).str());
    for (const std::string want : {"e2ex-pm-prometheus", "e2ex-pm-infractl-exporter", "e2ex-pm-redis-exporter",
                                   "pm-turfoo-postgres-exporter-1"})
        CHECK(std::find(names.begin(), names.end(), want) != names.end());

    // 37 tasks of 300 s with priorities: the worker holds some unacked, the
    // rest sit in kombu's priority lists; infractl counts all of them.
    RunResult send = docker({"exec", ex.turfoo() + "-celery-worker-1", "python3", "-c",
                             "from turfoo.tasks import record\n"
                             "for i in range(37): record.apply_async((i, 300), priority=i % 10)\n"});
    INFO(send.str());
    REQUIRE(send.exit_code == 0);

    const std::string queue = "infractl_celery_queue_length{project=\"" + ex.turfoo() +
                              "\",service=\"celery-worker\",queue=\"turfoo\"}";
    bool seen = series_is(queue, 37, 300s);  // the infractl job scrapes every 60 s
    INFO("targets: " << run({"curl", "-sS", "-m", "10",
                             "http://127.0.0.1:" + std::to_string(kPorts.prometheus) + "/api/v1/targets"}).out);
    INFO("last value: " << query(queue).value_or(-1));
    CHECK(seen);
    CHECK(series_is("up{job=\"infractl\"}", 1, 120s));
    CHECK(series_is("up{job=\"redis\"}", 1, 60s));
    CHECK(series_is("redis_up", 1, 60s));  // the exporter reached Redis, not only answered
    CHECK(series_is("up{job=\"postgres\",project=\"" + ex.turfoo() + "\"}", 1, 60s));
    CHECK(series_is("pg_up{project=\"" + ex.turfoo() + "\"}", 1, 60s));
    // infractl's own series of the Redis it measured through the network.
    CHECK(series_is("infractl_service_replicas_running{service=\"redis\",global=\"true\"}", 1, 120s));
}
