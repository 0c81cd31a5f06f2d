// issue 3: drift made by hand with the docker CLI shows up in `plan` with its
// reason, and `up` repairs exactly that (other containers keep their ids).
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;

namespace {

constexpr const char* kStack = "e2e-rc-drift";

std::vector<RcService> drift_services() {
    RcService cache{.key = "cache"};
    RcService web{.key = "web", .project = "rcdrift-a", .depends_on = {"cache"}, .memory = "64M"};
    RcService worker{.key = "worker", .project = "rcdrift-a", .replicas = 2, .networks = {"back"}};
    return {cache, web, worker};
}

std::map<std::string, std::string> ids_of(const std::vector<std::string>& names) {
    std::map<std::string, std::string> out;
    for (const auto& n : names) out[n] = container_id(n);
    return out;
}

// The plan's lines about containers (headlines and their detail lines).
std::string container_lines(const std::string& plan) {
    std::string out;
    bool in = false;
    std::istringstream s(plan);
    for (std::string l; std::getline(s, l);) {
        if (l.rfind("  ", 0) == 0 && l.rfind("      ", 0) != 0) in = l.find(" container ") != std::string::npos;
        if (in && l.rfind("  ", 0) == 0) out += l + "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("reconcile: a container removed by hand is planned and recreated alone", "[e2e][reconcile]") {
    RcStack st(kStack, {"front", "back"}, drift_services());
    REQUIRE(st.run({"up"}).exit_code == 0);
    auto before = ids_of(stack_containers(kStack));
    REQUIRE(before.size() == 4);

    REQUIRE(docker({"rm", "-f", "rcdrift-a-worker-2"}).exit_code == 0);
    RunResult plan = st.run({"plan", "--detailed-exitcode"});
    INFO(plan.str());
    CHECK(plan.exit_code == 2);
    CHECK(container_lines(plan.out) == "  + container rcdrift-a-worker-2 (rcdrift-a/worker)\n");
    CHECK_THAT(plan.out, Catch::Contains("Plan: 1 to add, 0 to change, 0 to destroy."));
    CHECK(plan.err.empty());

    RunResult up = st.run({"up"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    auto after = ids_of(stack_containers(kStack));
    for (const auto& [name, id] : before) {
        if (name == "rcdrift-a-worker-2")
            CHECK((!after[name].empty() && after[name] != id));
        else
            CHECK(after[name] == id);
    }
    CHECK(inspect("rcdrift-a-worker-2", "{{.State.Status}}") == "running");
    CHECK(st.run({"plan", "--detailed-exitcode"}).exit_code == 0);
}

TEST_CASE("reconcile: resized - stopped and disconnected containers are fixed in place", "[e2e][reconcile]") {
    RcStack st(kStack, {"front", "back"}, drift_services());
    REQUIRE(st.run({"up"}).exit_code == 0);
    auto before = ids_of(stack_containers(kStack));

    RunResult upd = docker({"update", "--memory", "96m", "--memory-swap", "-1", "rcdrift-a-web-1"});
    INFO(upd.str());
    REQUIRE(upd.exit_code == 0);
    REQUIRE(docker({"stop", "-t", "1", "rcdrift-a-worker-1"}).exit_code == 0);
    REQUIRE(docker({"network", "disconnect", "e2e-rc-drift_back", "e2e-rc-drift-cache"}).exit_code == 0);

    RunResult plan = st.run({"plan", "--detailed-exitcode"});
    INFO(plan.str());
    CHECK(plan.exit_code == 2);
    CHECK(container_lines(plan.out) ==
          "  ~ container e2e-rc-drift-cache (cache): reconnect\n"
          "      networks: e2e-rc-drift_front -> e2e-rc-drift_back, e2e-rc-drift_front\n"
          "  ~ container rcdrift-a-web-1 (rcdrift-a/web): update in place\n"
          "      memory: 96M -> 64M\n"
          "  ~ container rcdrift-a-worker-1 (rcdrift-a/worker): start\n"
          "      # container is exited (stopped outside infractl?)\n");
    CHECK_THAT(plan.out, Catch::Contains("Plan: 0 to add, 3 to change, 0 to destroy."));

    RunResult up = st.run({"up"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    CHECK(ids_of(stack_containers(kStack)) == before);
    CHECK(inspect("rcdrift-a-web-1", "{{.HostConfig.Memory}}") == "67108864");
    CHECK(inspect("rcdrift-a-worker-1", "{{.State.Status}}") == "running");
    CHECK(inspect("e2e-rc-drift-cache", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}") ==
          "e2e-rc-drift_back e2e-rc-drift_front");
    RunResult again = st.run({"plan", "--detailed-exitcode"});
    INFO(again.str());
    CHECK(again.exit_code == 0);
}

TEST_CASE("reconcile: two networks of the stack with one name - up removes the duplicate first", "[e2e][reconcile]") {
    RcStack st(kStack, {"front", "back"}, drift_services());
    REQUIRE(st.run({"up"}).exit_code == 0);
    const std::string net = std::string(kStack) + "_back";
    auto labels = inspect(net, "{{json .Labels}}");
    REQUIRE(labels);
    // What a create racing an interrupted one leaves behind (seen in the crash
    // tests): a second network of ours with the same name.
    RunResult made = create_network_unchecked(net, *labels);
    INFO(made.str());
    REQUIRE(made.exit_code == 0);
    // A container created now on that name cannot start ("network ... is
    // ambiguous"), which is what the rerun of an interrupted `up` met.
    REQUIRE(docker({"rm", "-f", "rcdrift-a-worker-1"}).exit_code == 0);

    RunResult plan = st.run({"plan", "--detailed-exitcode"});
    INFO(plan.str());
    CHECK(plan.exit_code == 2);
    CHECK_THAT(plan.out, Catch::Contains(": duplicate of network " + net + " (id "));
    RunResult up = st.run({"up"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    CHECK(inspect("rcdrift-a-worker-1", "{{.State.Status}}") == "running");
    auto nets = stack_networks(kStack);
    CHECK(std::count(nets.begin(), nets.end(), net) == 1);
    RunResult again = st.run({"plan", "--detailed-exitcode"});
    INFO(again.str());
    CHECK(again.exit_code == 0);
}
