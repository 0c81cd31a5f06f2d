// issue 3: `status` (text and JSON), `plan -o json` against docs/plan-json.md,
// and the unreachable-engine error.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;
using json = nlohmann::json;

namespace {

constexpr const char* kStack = "e2e-rc-status";

std::vector<RcService> status_services() {
    RcService cache{.key = "cache", .volumes = {"cache-data:/data"}, .health_test = R"(["CMD","true"])"};
    RcService web{.key = "web", .project = "rcst-a"};
    web.extra = {"ports: [\"127.0.0.1:21011:80\"]"};
    RcService worker{.key = "worker", .project = "rcst-a", .replicas = 2};
    return {cache, web, worker};
}

std::vector<std::string> keys(const json& object) {
    std::vector<std::string> out;
    for (const auto& [k, v] : object.items()) out.push_back(k);
    return out;
}

// Every action has exactly the documented fields with the documented types.
void check_action_shape(const json& a) {
    INFO(a.dump());
    CHECK(keys(a) == std::vector<std::string>{"action", "changes", "reason", "replica", "service", "target"});
    CHECK(a["action"].is_string());
    CHECK(a["target"].is_string());
    CHECK((a["service"].is_string() || a["service"].is_null()));
    CHECK((a["replica"].is_number_integer() || a["replica"].is_null()));
    CHECK(a["reason"].is_string());
    REQUIRE(a["changes"].is_array());
    for (const auto& c : a["changes"]) CHECK(keys(c) == std::vector<std::string>{"field", "from", "to"});
}

}  // namespace

TEST_CASE("reconcile: plan -o json follows docs/plan-json.md", "[e2e][reconcile]") {
    RcStack st(kStack, {"net"}, status_services());
    RunResult fresh = st.run({"plan", "-o", "json"});
    INFO(fresh.str());
    REQUIRE(fresh.exit_code == 0);
    json doc = json::parse(fresh.out);
    CHECK(keys(doc) == std::vector<std::string>{"actions", "conflicts", "format_version", "profile", "stack", "summary"});
    CHECK(doc["format_version"] == 1);
    CHECK(doc["stack"] == kStack);
    CHECK(doc["profile"] == "dev");
    CHECK(doc["conflicts"] == json::array());
    CHECK(doc["summary"] == json{{"add", 6}, {"change", 0}, {"destroy", 0}});
    std::vector<std::string> order;
    for (const auto& a : doc["actions"]) {
        check_action_shape(a);
        order.push_back(a["action"].get<std::string>() + " " + a["target"].get<std::string>());
    }
    // Networks and volumes first, then services in dependency order.
    CHECK(order == std::vector<std::string>{"create_network e2e-rc-status_net", "create_volume e2e-rc-status_cache-data",
                                            "create e2e-rc-status-cache", "create rcst-a-web-1",
                                            "create rcst-a-worker-1", "create rcst-a-worker-2"});
    CHECK(doc["actions"][0]["service"].is_null());
    CHECK(doc["actions"][0]["replica"].is_null());
    CHECK(doc["actions"][0]["reason"] == "not created yet");
    CHECK(doc["actions"][2]["service"] == "cache");
    CHECK(doc["actions"][5]["service"] == "rcst-a/worker");
    CHECK(doc["actions"][5]["replica"] == 2);

    REQUIRE(st.run({"up"}).exit_code == 0);
    REQUIRE(docker({"update", "--memory", "32m", "--memory-swap", "-1", "rcst-a-worker-1"}).exit_code == 0);
    REQUIRE(docker({"stop", "-t", "1", "rcst-a-worker-2"}).exit_code == 0);
    RunResult drift = st.run({"plan", "-o", "json", "--detailed-exitcode"});
    INFO(drift.str());
    CHECK(drift.exit_code == 2);
    json d = json::parse(drift.out);
    CHECK(d["actions"] == json::parse(R"J([
      {"action": "recreate", "target": "rcst-a-worker-1", "service": "rcst-a/worker", "replica": 1,
       "reason": "a resource limit is removed (the engine cannot lift it in place)",
       "changes": [{"field": "memory", "from": "32M", "to": ""}]},
      {"action": "start", "target": "rcst-a-worker-2", "service": "rcst-a/worker", "replica": 2,
       "reason": "container is exited (stopped outside infractl?)", "changes": []}])J"));
    CHECK(d["summary"] == json{{"add", 1}, {"change", 1}, {"destroy", 1}});
    // A limit set by hand cannot be lifted live; the recreate converges.
    RunResult up = st.run({"up"});
    INFO(up.str());
    CHECK(up.exit_code == 0);
    CHECK(inspect("rcst-a-worker-1", "{{.HostConfig.Memory}}") == "0");
    CHECK(st.run({"plan", "--detailed-exitcode"}).exit_code == 0);
}

TEST_CASE("reconcile: status shows desired vs running and each container's state", "[e2e][reconcile]") {
    RcStack st(kStack, {"net"}, status_services());
    RunResult up = st.run({"up", "--wait", "--wait-timeout", "30s"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    REQUIRE(docker({"stop", "-t", "1", "rcst-a-worker-2"}).exit_code == 0);

    RunResult text = st.run({"status"});
    INFO(text.str());
    CHECK(text.exit_code == 0);
    CHECK(text.out ==
          "SERVICE        REPLICAS  STATE     HEALTH   PORTS                    IMAGE\n"
          "cache          1/1       running   healthy  -                        infractl-test/busybox:1\n"
          "rcst-a/web     1/1       running   -        127.0.0.1:21011->80/tcp  infractl-test/busybox:1\n"
          "rcst-a/worker  1/2       degraded  -        -                        infractl-test/busybox:1\n");

    RunResult js = st.run({"status", "-o", "json"});
    INFO(js.str());
    CHECK(js.exit_code == 0);
    json doc = json::parse(js.out);
    CHECK(doc["stack"] == kStack);
    REQUIRE(doc["services"].size() == 3);
    const json& cache = doc["services"][0];
    CHECK(cache["service"] == "cache");
    CHECK(cache["healthy"] == 1);
    CHECK(cache["ok"] == true);
    const json& worker = doc["services"][2];
    CHECK(worker["service"] == "rcst-a/worker");
    CHECK(worker["desired"] == 2);
    CHECK(worker["running"] == 1);
    CHECK(worker["ok"] == false);
    CHECK(worker["containers"] == json::parse(R"J([
      {"name": "rcst-a-worker-1", "replica": 1, "state": "running", "health": "", "drifted": false},
      {"name": "rcst-a-worker-2", "replica": 2, "state": "exited (0)", "health": "", "drifted": false}])J"));
}

TEST_CASE("reconcile: an unreachable engine is one line naming the socket - exit 69", "[e2e][reconcile]") {
    TempDir dir;
    std::string topo = dir.write("topology.yaml", rc_topology_yaml("e2e-rc-nosock", {}, {RcService{.key = "cache"}}));
    dir.write("profiles/dev.yaml", rc_profile_yaml("dev", {}));
    for (const char* cmd : {"plan", "up", "down", "status"}) {
        RunResult r = run_infractl({"-f", topo, "-H", "unix:///nonexistent.sock", cmd},
                                   {.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}}});
        INFO(cmd << ": " << r.str());
        CHECK(r.exit_code == 69);
        CHECK(r.out.empty());
        CHECK(lines_with(r.err, "").size() == 1);
        CHECK_THAT(r.err, Catch::Contains("/nonexistent.sock"));
    }
}
