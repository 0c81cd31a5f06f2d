// Issue 10 (first part): the Swarm backend on a single-node swarm of the test
// engine. The swarm is initialised only when the engine is not in one, and
// left again at the end only then: the engine's swarm state is left as found.
#include <catch2/catch.hpp>

#include <fstream>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;

namespace {

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// Makes the engine a single-node swarm for the test's lifetime, and removes
// every Swarm service labelled with the stack at start and end.
class SwarmGuard {
public:
    explicit SwarmGuard(std::string stack) : stack_(std::move(stack)) {
        require_engine();
        std::string state = trimmed(docker({"info", "--format", "{{.Swarm.LocalNodeState}}"}).out);
        if (state != "active") {
            RunResult init = docker({"swarm", "init", "--advertise-addr", "127.0.0.1"});
            if (init.exit_code != 0) throw std::runtime_error("docker swarm init failed: " + init.str());
            initialised_ = true;
        }
        remove_services();
    }
    ~SwarmGuard() {
        remove_services();
        if (initialised_) docker({"swarm", "leave", "--force"});
    }
    void remove_services() const {
        RunResult ls = docker({"service", "ls", "-q", "--filter", "label=io.infractl.stack=" + stack_});
        std::vector<std::string> args = {"service", "rm"};
        std::string id;
        for (char c : ls.out + "\n") {
            if (c == '\n') {
                if (!id.empty()) args.push_back(id);
                id.clear();
            } else {
                id += c;
            }
        }
        if (args.size() > 2) docker(args);
        // Tasks' containers go asynchronously; the StackGuard of the stack removes what is left.
        wait_until([&] { return trimmed(docker({"ps", "-aq", "--filter", "label=io.infractl.stack=" + stack_}).out).empty(); },
                   std::chrono::seconds(30));
    }

private:
    std::string stack_;
    bool initialised_ = false;
};

std::string service_field(const std::string& name, const std::string& format) {
    return trimmed(docker({"service", "inspect", "-f", format, name}).out);
}

int running_tasks(const std::string& name) {
    RunResult ps = docker({"service", "ps", "--filter", "desired-state=running", "--format", "{{.CurrentState}}", name});
    int n = 0;
    std::size_t pos = 0;
    while ((pos = ps.out.find("Running", pos)) != std::string::npos) ++n, ++pos;
    return n;
}

std::vector<RcService> swarm_services() {
    RcService cache{"cache"};
    RcService web{"web", "sw-a", 2};
    web.depends_on = {"cache"};
    web.memory = "64M";
    RcService db{"db", "sw-a"};
    db.singleton = true;
    db.volumes = {"dbdata:/data"};
    db.extra = {"resources: {reservations: {cpus: 0.01, memory: 8M}}"};
    return {cache, web, db};
}

}  // namespace

TEST_CASE("swarm: up - plan - drift by hand - scale - status - down on a single-node swarm", "[e2e][swarm]") {
    RcStack st("e2e-swarm", {"net"}, swarm_services());
    SwarmGuard swarm(st.name());
    // The profile picks the backend.
    std::ofstream(st.dir() + "/profiles/dev.yaml") << rc_profile_yaml("dev", {}) << "backend: swarm\n";

    RunResult plan0 = st.run({"plan"});
    INFO(plan0.str());
    REQUIRE(plan0.exit_code == 0);
    CHECK_THAT(plan0.out, Catch::Contains("+ network e2e-swarm_net"));
    CHECK_THAT(plan0.out, Catch::Contains("+ service sw-a-web (sw-a/web)"));

    RunResult up = st.run({"up", "--wait", "--wait-timeout", "120s"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    CHECK(service_field("sw-a-web", "{{.Spec.Mode.Replicated.Replicas}}") == "2");
    CHECK(service_field("sw-a-web", "{{index .Spec.Labels \"io.infractl.stack\"}}") == "e2e-swarm");
    CHECK(service_field("sw-a-web", "{{.Spec.TaskTemplate.Resources.Limits.MemoryBytes}}") == "67108864");
    CHECK(service_field("sw-a-db", "{{.Spec.UpdateConfig.Order}}") == "stop-first");
    CHECK(service_field("sw-a-web", "{{.Spec.UpdateConfig.Order}}") == "start-first");
    CHECK(service_field("sw-a-db", "{{.Spec.TaskTemplate.Resources.Reservations.NanoCPUs}}") == "10000000");
    CHECK(trimmed(docker({"network", "inspect", "-f", "{{.Driver}} {{.Attachable}}", "e2e-swarm_net"}).out) ==
          "overlay true");
    CHECK(wait_until([] { return running_tasks("sw-a-web") == 2; }, std::chrono::seconds(60)));
    // The tasks' containers carry the stack's labels too.
    CHECK_FALSE(trimmed(docker({"ps", "-q", "--filter", "label=io.infractl.stack=e2e-swarm", "--filter",
                                "label=io.infractl.service=web"}).out).empty());

    RunResult again = st.run({"plan", "--detailed-exitcode"});
    INFO(again.str());
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.out, Catch::Contains("No changes."));

    // Drift made with the docker CLI shows in the plan, field by field, and up repairs it.
    REQUIRE(docker({"service", "update", "-d", "--replicas", "3", "--limit-memory", "100m", "sw-a-web"}).exit_code == 0);
    RunResult drift = st.run({"plan", "--detailed-exitcode"});
    INFO(drift.str());
    CHECK(drift.exit_code == 2);
    CHECK_THAT(drift.out, Catch::Contains("~ service sw-a-web (sw-a/web): update"));
    CHECK_THAT(drift.out, Catch::Contains("replicas: 3 -> 2"));
    CHECK_THAT(drift.out, Catch::Contains("memory: 100M -> 64M"));
    RunResult repair = st.run({"up"});
    INFO(repair.str());
    REQUIRE(repair.exit_code == 0);
    CHECK(service_field("sw-a-web", "{{.Spec.Mode.Replicated.Replicas}}") == "2");
    CHECK_THAT(st.run({"plan"}).out, Catch::Contains("No changes."));

    // A service removed by hand is created again.
    REQUIRE(docker({"service", "rm", "sw-a-db"}).exit_code == 0);
    CHECK_THAT(st.run({"plan"}).out, Catch::Contains("+ service sw-a-db (sw-a/db)"));

    // scale: remembered, and applied as a replicas update of that service only.
    RunResult scale = st.run({"scale", "sw-a", "web=4"});
    INFO(scale.str());
    REQUIRE(scale.exit_code == 0);
    CHECK(service_field("sw-a-web", "{{.Spec.Mode.Replicated.Replicas}}") == "4");
    CHECK(wait_until([] { return running_tasks("sw-a-web") == 4; }, std::chrono::seconds(60)));
    CHECK_THAT(st.run({"plan"}).out, Catch::Contains("+ service sw-a-db"));  // the scale left db alone
    RunResult refused = st.run({"scale", "sw-a", "db=2"});
    CHECK(refused.exit_code == 1);

    REQUIRE(st.run({"up", "--wait", "--wait-timeout", "120s"}).exit_code == 0);
    RunResult status = st.run({"status"});
    INFO(status.str());
    CHECK(status.exit_code == 0);
    CHECK_THAT(status.out, Catch::Contains("4/4"));
    CHECK_THAT(status.out, Catch::Contains("sw-a/web: on node "));

    // --backend overrides the profile: the Docker backend sees no containers of its own here.
    RunResult docker_plan = st.run({"plan", "--backend", "docker"});
    CHECK_THAT(docker_plan.out, Catch::Contains("+ container sw-a-web-1"));

    RunResult down = st.run({"down"});
    INFO(down.str());
    REQUIRE(down.exit_code == 0);
    CHECK(trimmed(docker({"service", "ls", "-q", "--filter", "label=io.infractl.stack=e2e-swarm"}).out).empty());
    // Swarm detaches the last tasks from the overlay network asynchronously.
    CHECK(wait_until([&] { return stack_networks(st.name()).empty(); }, std::chrono::seconds(20)));
    for (const auto& n : stack_networks(st.name())) UNSCOPED_INFO("left: " << n);
}

TEST_CASE("swarm: an update Swarm rolls back fails up with the service and the task error", "[e2e][swarm]") {
    RcService web{"web", "sw-b", 1};
    web.health_test = R"(["CMD","true"])";
    RcStack st("e2e-swarm-rb", {}, {web});
    SwarmGuard swarm(st.name());
    std::ofstream(st.dir() + "/profiles/dev.yaml") << rc_profile_yaml("dev", {}) << "backend: swarm\n";
    RunResult up = st.run({"up", "--wait", "--wait-timeout", "120s"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    std::string image_before = service_field("sw-b-web", "{{.Spec.TaskTemplate.ContainerSpec.Healthcheck.Test}}");

    // The new healthcheck never passes: Swarm's update fails and rolls back.
    web.health_test = R"(["CMD","false"])";
    st.set_services({web});
    RunResult bad = st.run({"up", "--wait-timeout", "180s"});
    INFO(bad.str());
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Catch::Contains("the update of service sw-b-web was rolled back by Swarm"));
    // The running service is the old one again.
    CHECK(service_field("sw-b-web", "{{.Spec.TaskTemplate.ContainerSpec.Healthcheck.Test}}") == image_before);
}
