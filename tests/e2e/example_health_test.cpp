// The example's Celery workers have a healthcheck (specs/monorepo.yaml, a
// `celery inspect ping` to the worker's own node name): `up --wait` waits for
// it and `status` shows the workers healthy, on the real local images, under
// the test's own stack and project names. Beat has none (docs/images.md).
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "example_support.hpp"

using namespace infractl;
using namespace infractl::e2e;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

constexpr ExamplePorts kPorts{22479, 22910, 22911, 22550, 22443, 22444};

const json* service_in(const json& status, const std::string& name) {
    for (const auto& s : status["services"])
        if (s["service"] == name) return &s;
    return nullptr;
}

}  // namespace

TEST_CASE("example: the Celery worker healthchecks reach healthy", "[e2e][example][health]") {
    require_engine();
    ExampleCopy ex("hc", kPorts);
    StackGuard guard(ex.stack());
    ex.write();

    RunResult up = ex.run({"up", "--project", ex.turfoo(), "--wait", "--wait-timeout", "240s"}, 300s);
    INFO(up.str());
    REQUIRE(up.exit_code == 0);

    RunResult st = ex.run({"status", "-o", "json"}, 60s);
    INFO(st.str());
    REQUIRE(st.exit_code == 0);
    json status = json::parse(st.out);
    const json* worker = service_in(status, ex.turfoo() + "/celery-worker");
    INFO(status.dump(1));
    REQUIRE(worker != nullptr);
    CHECK((*worker)["has_healthcheck"] == true);
    CHECK((*worker)["healthy"] == 1);
    CHECK((*worker)["ok"] == true);
    CHECK((*worker)["containers"][0]["health"] == "healthy");
    // The check really asks the worker: it answers to its own node name.
    RunResult ping = docker({"inspect", "-f", "{{range .State.Health.Log}}{{.Output}}{{end}}",
                             ex.turfoo() + "-celery-worker-1"});
    CHECK_THAT(ping.out, Catch::Contains(": OK"));
    CHECK_THAT(ping.out, Catch::Contains("pong"));
}
