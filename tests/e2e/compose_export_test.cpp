// `infractl export compose` proven with Debian's docker-compose 1.29: the
// file passes `docker-compose config`, and `docker-compose up -d` of it gives
// containers with the same image, command, environment, ports, mounts,
// networks, healthcheck and limits as infractl's own `up` of the same
// topology (run under another stack and project, on other host ports).
#include <algorithm>
#include <filesystem>

#include <catch2/catch.hpp>

#include "compose_support.hpp"

using namespace infractl::e2e;
using nlohmann::json;

namespace {

const std::string kLoop = "trap 'exit 0' TERM INT; while true; do sleep 1 & wait $$!; done";

// The same topology for both runs, but for the names and the host port.
std::string topology(const std::string& stack, const std::string& project, int port) {
    return "version: 1\nstack: " + stack + R"(
networks: {net: {}, back: {internal: true}}
globals:
  cache:
    image: infractl-test/busybox:1
    command: ["/bin/sh", "-c", ")" + kLoop + R"("]
    environment: {MODE: cache, DOLLAR: "a$$b", URL: "redis://u:p@cache:6379/0"}
    labels: {com.example.tier: cache}
    ports: [")" + std::to_string(port) + R"(:6379", "6380/udp"]
    volumes: ["cache-data:/data", "./conf:/conf:ro"]
    healthcheck: {test: ["CMD", "true"], interval: 1s, timeout: 2s, start_period: 1s, retries: 5}
    user: "1000"
    working_dir: /tmp
    stop_signal: SIGINT
    stop_grace_period: 5s
    restart: on-failure:3
    resources:
      limits: {cpus: 0.5, memory: 64M}
      reservations: {cpus: 0.25, memory: 32M}
projects:
  )" + project + R"(:
    services:
      worker:
        image: infractl-test/busybox:1
        entrypoint: ["/bin/sh", "-c"]
        command: [")" + kLoop + R"("]
        environment: {BROKER: "redis://cache:6379/0"}
        depends_on: {cache: {condition: service_healthy}}
        networks: [net, back]
        restart: "no"
)";
}

const char* kProfile = "version: 1\nprofile: dev\ndefault_host_ip: 127.0.0.1\n";

json sorted(json a) {
    if (a.is_array()) std::sort(a.begin(), a.end());
    return a;
}

json user_labels(const json& labels) {
    json out = json::object();
    for (const auto& [k, v] : labels.items())
        if (k.rfind("io.infractl.", 0) != 0 && k.rfind("com.docker.compose.", 0) != 0) out[k] = v;
    return out;
}

// Mounts as "type source target rw": a volume's stack prefix replaced by
// "STACK", a bind source by its last part (each run has its own folder).
json mounts(const json& c, const std::string& stack) {
    json out = json::array();
    for (const auto& m : c.at("Mounts")) {
        std::string src = m.at("Type") == "volume" ? m.at("Name").get<std::string>()
                                                   : std::filesystem::path(m.at("Source").get<std::string>()).filename().string();
        if (src.rfind(stack, 0) == 0) src = "STACK" + src.substr(stack.size());
        out.push_back(m.at("Type").get<std::string>() + " " + src + " " + m.at("Destination").get<std::string>() + " " +
                      (m.at("RW").get<bool>() ? "rw" : "ro"));
    }
    return sorted(out);
}

json networks(const json& c, const std::string& stack) {
    json out = json::array();
    for (const auto& [name, n] : c.at("NetworkSettings").at("Networks").items()) out.push_back("STACK" + name.substr(stack.size()));
    return sorted(out);
}

// Ports as "container/proto host_ip", host port replaced by its offset from `base`.
json ports(const json& c, int base) {
    json out = json::array();
    for (const auto& [key, binds] : c.at("HostConfig").at("PortBindings").items())
        for (const auto& b : binds) {
            std::string hp = b.at("HostPort");
            out.push_back(key + " " + b.at("HostIp").get<std::string>() + " " +
                          (hp.empty() ? "-" : std::to_string(std::stoi(hp) - base)));
        }
    return sorted(out);
}

void compare(const json& a, const std::string& stack_a, int port_a, const json& b, const std::string& stack_b,
             int port_b) {
    for (const char* f : {"Image", "Cmd", "Entrypoint", "User", "WorkingDir", "StopSignal", "StopTimeout", "Healthcheck"}) {
        INFO("Config." << f);
        CHECK(a.at("Config").value(f, json()) == b.at("Config").value(f, json()));
    }
    CHECK(sorted(a.at("Config").at("Env")) == sorted(b.at("Config").at("Env")));
    CHECK(user_labels(a.at("Config").at("Labels")) == user_labels(b.at("Config").at("Labels")));
    for (const char* f : {"NanoCpus", "CpuShares", "Memory", "MemoryReservation", "MemorySwap", "RestartPolicy"}) {
        INFO("HostConfig." << f);
        CHECK(a.at("HostConfig").at(f) == b.at("HostConfig").at(f));
    }
    CHECK(ports(a, port_a) == ports(b, port_b));
    CHECK(mounts(a, stack_a) == mounts(b, stack_b));
    CHECK(networks(a, stack_a) == networks(b, stack_b));
}

}  // namespace

TEST_CASE("export compose: docker-compose accepts it and runs what infractl runs", "[e2e][compose]") {
    require_engine();
    require_test_images();
    const std::string stack_a = "e2e-cmpx-a", stack_b = "e2e-cmpx-b", project_b = "e2ecmpxb";
    const int port_a = 25411, port_b = 25421;
    StackGuard guard_a(stack_a);
    StackGuard guard_b(stack_b);  // nothing of infractl's should appear there; cheap insurance
    TempDir dir;
    dir.write("a/conf/x.conf", "a=1\n");
    dir.write("b/conf/x.conf", "a=1\n");
    std::string topo_a = dir.write("a/infractl.yaml", topology(stack_a, "cmpxa", port_a));
    std::string topo_b = dir.write("b/infractl.yaml", topology(stack_b, "cmpxb", port_b));
    dir.write("a/profiles/dev.yaml", kProfile);
    dir.write("b/profiles/dev.yaml", kProfile);
    RunOptions opts;
    opts.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}, {"INFRACTL_IMAGES", ""}};

    std::string out = dir.path() + "/b/docker-compose.yml";
    ComposeGuard guard_compose(project_b, out);
    RunResult exported = run_infractl({"export", "compose", "-f", topo_b, "-o", out}, opts);
    INFO(exported.str());
    REQUIRE(exported.exit_code == 0);
    RunResult config = run({"docker-compose", "-f", out, "config", "-q"});
    INFO(config.str());
    REQUIRE(config.exit_code == 0);

    RunResult up_a = run_infractl({"up", "-f", topo_a, "-q"}, opts);
    INFO(up_a.str());
    REQUIRE(up_a.exit_code == 0);
    RunOptions slow;
    slow.timeout = std::chrono::seconds(180);
    RunResult up_b = run({"docker-compose", "-p", project_b, "-f", out, "up", "-d"}, slow);
    INFO(up_b.str());
    REQUIRE(up_b.exit_code == 0);

    for (auto [name_a, name_b] : {std::pair{"e2e-cmpx-a-cache", "e2e-cmpx-b-cache"}, {"cmpxa-worker-1", "cmpxb-worker-1"}}) {
        INFO(name_a << " vs " << name_b);
        json a = inspect(name_a), b = inspect(name_b);
        REQUIRE_FALSE(a.is_null());
        REQUIRE_FALSE(b.is_null());
        compare(a, stack_a, port_a, b, stack_b, port_b);
    }
}

TEST_CASE("export compose of a topology that does not validate writes nothing", "[e2e][compose]") {
    TempDir dir;
    std::string topo = dir.write("infractl.yaml", "version: 1\nstack: e2e-cmpx-bad\nglobals:\n  a: {image: x, replicas: -1}\n");
    dir.write("profiles/dev.yaml", kProfile);
    std::string out = dir.path() + "/out.yml";
    RunResult r = run_infractl({"export", "compose", "-f", topo, "-o", out});
    INFO(r.str());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("replicas must be 0 or more, got -1") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));
}
