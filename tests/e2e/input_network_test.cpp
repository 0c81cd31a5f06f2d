// Network exposure against the real engine. With the prod profile's network
// layout (app, and data marked internal), a container on the app network
// alone can reach neither Redis nor PostgreSQL on the data network, by name
// or by IP, while one attached to both networks reaches both. Also checks
// `validate`'s warning for a data-network service published on all
// interfaces, and that expose_publicly silences it.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/harness.hpp"

using namespace infractl::e2e;

namespace {

const std::string kStack = "e2e-input-net";

std::string sleep_command() {
    std::string cmd;
    for (const auto& a : kSleepForever) cmd += (cmd.empty() ? "" : ", ") + nlohmann::json(a).dump();
    return "[" + cmd + "]";
}

std::string topology() {
    return "version: 1\nstack: " + kStack + R"(
networks:
  app: {}
  data: {}
globals:
  redis:
    image: infractl-local/redis:7
    networks: [data]
    healthcheck: {test: ["CMD", "redis-cli", "ping"], interval: 1s, timeout: 2s, retries: 30}
  postgres:
    image: infractl-local/postgres:15-r2
    networks: [data]
    environment: {POSTGRES_PASSWORD: e2e-only}
    healthcheck: {test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U postgres"], interval: 1s, timeout: 2s, retries: 60}
  probe-app:
    image: infractl-test/busybox:1
    command: )" + sleep_command() + R"(
    networks: [app]
  probe-both:
    image: infractl-test/busybox:1
    command: )" + sleep_command() + R"(
    networks: [app, data]
)";
}

// The prod profile's networks section (profiles/prod.yaml), nothing else.
const char* kProfile = "version: 1\nprofile: prod\nnetworks:\n  app: {}\n  data: {internal: true}\n";

// Redis answers "+PONG"; PostgreSQL answers an SSLRequest with one byte, 'N'.
// An unreachable host gives no output (bad address, refused or timed out).
std::string probe(const std::string& from, const std::string& host, const std::string& service) {
    std::string script = service == "redis"
                             ? "printf 'PING\\r\\nQUIT\\r\\n' | timeout 5 nc -w 2 " + host + " 6379"
                             : "printf '\\000\\000\\000\\010\\004\\322\\026\\057' | timeout 5 nc -w 2 " + host +
                                   " 5432 | head -c 1";
    RunOptions o;
    o.timeout = std::chrono::seconds(20);
    return docker({"exec", kStack + "-" + from, "sh", "-c", script}, o).out;
}

bool reached(const std::string& output, const std::string& service) {
    return output.find(service == "redis" ? "+PONG" : "N") != std::string::npos;
}

std::string ip_on(const std::string& container, const std::string& network) {
    RunResult r = docker({"inspect", container});
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out).at(0)["NetworkSettings"]["Networks"][network]["IPAddress"];
}

}  // namespace

TEST_CASE("the internal data network is unreachable from the app network alone", "[e2e][input][network]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    TempDir dir;
    std::string topo = dir.write("infractl.yaml", topology());
    std::string profile = dir.write("prod.yaml", kProfile);
    RunOptions o;
    o.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}, {"INFRACTL_IMAGES", ""}};
    o.timeout = std::chrono::seconds(150);
    RunResult up = run_infractl({"up", "--wait", "--wait-timeout", "120s", "-f", topo, "--profile", profile}, o);
    INFO(up.str());
    REQUIRE(up.exit_code == 0);

    RunResult net = docker({"network", "inspect", kStack + "_data"});
    REQUIRE(net.exit_code == 0);
    CHECK(nlohmann::json::parse(net.out).at(0)["Internal"] == true);

    for (const std::string service : {"redis", "postgres"}) {
        INFO(service);
        const std::string ip = ip_on(kStack + "-" + service, kStack + "_data");
        REQUIRE_FALSE(ip.empty());
        // Reached from both networks first, so the negative probes below
        // cannot pass only because the server was not listening yet.
        std::string both;
        CHECK(wait_until([&] { return reached(both = probe("probe-both", service, service), service); },
                         std::chrono::seconds(30), std::chrono::milliseconds(500)));
        INFO("probe-both by name: " << both);
        CHECK(reached(probe("probe-both", ip, service), service));
        std::string by_name = probe("probe-app", service, service);
        std::string by_ip = probe("probe-app", ip, service);
        INFO("probe-app by name: " << by_name << "; by IP " << ip << ": " << by_ip);
        CHECK_FALSE(reached(by_name, service));
        CHECK_FALSE(reached(by_ip, service));
    }
    RunResult down = run_infractl({"down", "--all", "-f", topo, "--profile", profile}, o);
    CHECK(down.exit_code == 0);
}

TEST_CASE("validate warns when a data-network service is published on all interfaces", "[e2e][input][network]") {
    TempDir dir;
    auto topo = [&](const std::string& extra, const std::string& port = "25010:5432") {
        return dir.write("infractl.yaml", "version: 1\nstack: " + kStack + R"(
networks:
  app: {}
  data: {}
globals:
  postgres:
    image: infractl-local/postgres:15-r2
    networks: [data]
    ports: [")" + port + "\"]\n" + extra);
    };
    std::string profile = dir.write("prod.yaml", kProfile);
    RunOptions o;
    o.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}, {"INFRACTL_IMAGES", ""}};

    RunResult warned = run_infractl({"validate", "-f", topo(""), "--profile", profile}, o);
    INFO(warned.str());
    CHECK(warned.exit_code == 0);
    CHECK(warned.err == dir.path() + "/infractl.yaml:10:13: warning: 'postgres' is on internal network 'data' but "
                                     "publishes port 5432 on all interfaces (hint: bind it to an address such as "
                                     "127.0.0.1, or set expose_publicly: true)\n");
    CHECK(warned.out.find(", 1 warning") != std::string::npos);

    RunResult consent = run_infractl({"validate", "-f", topo("    expose_publicly: true\n"), "--profile", profile}, o);
    INFO(consent.str());
    CHECK(consent.exit_code == 0);
    CHECK(consent.err.empty());

    RunResult local = run_infractl({"validate", "-f", topo("", "127.0.0.1:25010:5432"), "--profile", profile}, o);
    INFO(local.str());
    CHECK(local.exit_code == 0);
    CHECK(local.err.empty());
}
