// issue 3: a fresh `up` creates everything, a second one changes nothing;
// --dry-run changes nothing; --project limits the work.
#include <catch2/catch.hpp>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;

namespace {

std::vector<RcService> up_services() {
    RcService cache{.key = "cache", .volumes = {"cache-data:/data"}, .health_test = R"(["CMD","true"])"};
    RcService web{.key = "web", .project = "rcup-a", .env = {{"MODE", "one"}}, .depends_on = {"cache"}};
    web.extra = {"ports: [\"127.0.0.1:21001:80\"]"};
    RcService worker{.key = "worker", .project = "rcup-a", .replicas = 2, .networks = {"back"},
                     .volumes = {"scratch:/scratch"}, .memory = "64M"};
    return {cache, web, worker};
}

std::string labels_of(const std::string& name) {
    return inspect(name, "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}").value_or("(absent)");
}

}  // namespace

TEST_CASE("reconcile: a fresh up creates everything - a second up makes no mutating call", "[e2e][reconcile]") {
    RcStack st("e2e-rc-up", {"front", "back"}, up_services());

    RunResult first = st.run({"up"});
    INFO(first.str());
    REQUIRE(first.exit_code == 0);

    CHECK(stack_containers(st.name()) ==
          std::vector<std::string>{"e2e-rc-up-cache", "rcup-a-web-1", "rcup-a-worker-1", "rcup-a-worker-2"});
    CHECK(stack_networks(st.name()) == std::vector<std::string>{"e2e-rc-up_back", "e2e-rc-up_front"});
    CHECK(stack_volumes(st.name()) == std::vector<std::string>{"e2e-rc-up_cache-data", "e2e-rc-up_rcup-a_scratch"});

    std::string web = labels_of("rcup-a-web-1");
    for (const char* want : {"io.infractl.stack=e2e-rc-up;", "io.infractl.project=rcup-a;", "io.infractl.service=web;",
                             "io.infractl.replica=1;", "io.infractl.managed-by=infractl;", "io.infractl.config-hash="})
        CHECK_THAT(web, Catch::Contains(want));
    CHECK_THAT(labels_of("e2e-rc-up-cache"), Catch::Contains("io.infractl.project=_global;"));
    CHECK_THAT(labels_of("rcup-a-worker-2"), Catch::Contains("io.infractl.replica=2;"));
    CHECK_THAT(inspect("e2e-rc-up_back", "{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}").value_or(""),
               Catch::Contains("io.infractl.stack=e2e-rc-up;"));
    CHECK_THAT(inspect("e2e-rc-up_rcup-a_scratch", "{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}").value_or(""),
               Catch::Contains("io.infractl.project=rcup-a;"));
    // What was asked for is what runs: env, memory, port, networks, state.
    CHECK_THAT(inspect("rcup-a-web-1", "{{.Config.Env}}").value_or(""), Catch::Contains("MODE=one"));
    CHECK(inspect("rcup-a-worker-1", "{{.HostConfig.Memory}}") == "67108864");
    CHECK(inspect("rcup-a-web-1", "{{range .HostConfig.PortBindings}}{{range .}}{{.HostIp}}:{{.HostPort}}{{end}}{{end}}") ==
          "127.0.0.1:21001");
    CHECK(inspect("rcup-a-worker-2", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}") == "e2e-rc-up_back");
    CHECK(inspect("rcup-a-web-1", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}") ==
          "e2e-rc-up_back e2e-rc-up_front");
    for (const auto& name : stack_containers(st.name()))
        CHECK(inspect(name, "{{.State.Status}}") == "running");

    RunResult second = st.run({"up", "-vv"});
    INFO(second.str());
    REQUIRE(second.exit_code == 0);
    CHECK_THAT(second.out, Catch::Contains("No changes."));
    CHECK(!lines_with(second.err, "engine GET ").empty());  // the debug log is really there
    CHECK(mutating_calls(second.err).empty());
}

TEST_CASE("reconcile: up --dry-run changes nothing - up --project P limits work to P and its globals",
          "[e2e][reconcile]") {
    RcService cache{.key = "cache"};
    RcService db{.key = "db"};
    RcService a{.key = "app", .project = "rcproj-a", .depends_on = {"cache"}};
    RcService b{.key = "app", .project = "rcproj-b", .depends_on = {"db"}};
    RcStack st("e2e-rc-proj", {"net"}, {cache, db, a, b});

    RunResult dry = st.run({"up", "--dry-run", "-vv"});
    INFO(dry.str());
    REQUIRE(dry.exit_code == 0);
    CHECK_THAT(dry.out, Catch::Contains("+ container rcproj-a-app-1 (rcproj-a/app)"));
    CHECK_THAT(dry.out, Catch::Contains("Plan: 5 to add, 0 to change, 0 to destroy."));
    CHECK(mutating_calls(dry.err).empty());
    CHECK(stack_containers(st.name()).empty());
    CHECK(stack_networks(st.name()).empty());

    RunResult up = st.run({"up", "--project", "rcproj-a"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    CHECK(stack_containers(st.name()) == std::vector<std::string>{"e2e-rc-proj-cache", "rcproj-a-app-1"});
    CHECK(stack_networks(st.name()) == std::vector<std::string>{"e2e-rc-proj_net"});

    // The rest of the stack is still to do; project a is settled.
    RunResult pa = st.run({"plan", "--project", "rcproj-a", "--detailed-exitcode"});
    CHECK(pa.exit_code == 0);
    RunResult all = st.run({"plan", "--detailed-exitcode"});
    INFO(all.str());
    CHECK(all.exit_code == 2);
    CHECK(lines_with(all.out, " container ") ==
          std::vector<std::string>{"  + container e2e-rc-proj-db (db)", "  + container rcproj-b-app-1 (rcproj-b/app)"});
}
