// issue 3: infractl touches only what carries its stack's labels; a foreign
// container holding a needed name is an error that changes nothing.
#include <catch2/catch.hpp>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;

namespace {

constexpr const char* kStack = "e2e-rc-own";
constexpr const char* kOtherStack = "e2e-rc-own-other";
constexpr const char* kBystander = "rcown-bystander";  // unlabelled, no clash
constexpr const char* kSquatter = "rcown-a-web-1";     // unlabelled, clashes with rcown-a/web replica 1

// The unlabelled containers this test makes, removed by name at start and end.
struct Unlabelled {
    Unlabelled() { clean(); }
    ~Unlabelled() { clean(); }
    static void clean() { docker({"rm", "-f", kBystander, kSquatter}); }
};

void run_foreign(const std::vector<std::string>& extra_args, const std::string& name) {
    std::vector<std::string> args{"run", "-d", "--name", name};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    args.push_back(kTestImage);
    RunResult r = docker(args);
    INFO(r.str());
    REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("reconcile: other stacks and unlabelled containers are left alone - a name clash changes nothing",
          "[e2e][reconcile]") {
    Unlabelled unlabelled;
    StackGuard other(kOtherStack);
    RcService cache{.key = "cache"};
    RcService web{.key = "web", .project = "rcown-a"};
    RcStack st(kStack, {"net"}, {cache, web});

    run_foreign({"--label", std::string("io.infractl.stack=") + kOtherStack, "--label", "io.infractl.project=rcown-o",
                 "--label", "io.infractl.service=web", "--label", "io.infractl.replica=1"},
                "rcown-o-web-1");
    run_foreign({}, kBystander);
    run_foreign({}, kSquatter);
    std::string other_id = container_id("rcown-o-web-1"), bystander_id = container_id(kBystander),
                squatter_id = container_id(kSquatter);

    RunResult clash = st.run({"up", "-vv"});
    INFO(clash.str());
    CHECK(clash.exit_code == 1);
    CHECK_THAT(clash.err, Catch::Contains("container rcown-a-web-1 (id " + squatter_id.substr(0, 12) +
                                          ") has no io.infractl labels"));
    CHECK(mutating_calls(clash.err).empty());
    CHECK(stack_containers(kStack).empty());
    CHECK(stack_networks(kStack).empty());
    RunResult plan = st.run({"plan", "--detailed-exitcode"});
    CHECK(plan.exit_code == 1);
    CHECK_THAT(plan.out, Catch::Contains("error: container rcown-a-web-1"));

    REQUIRE(docker({"rm", "-f", kSquatter}).exit_code == 0);
    RunResult up = st.run({"up"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    CHECK(stack_containers(kStack) == std::vector<std::string>{"e2e-rc-own-cache", "rcown-a-web-1"});
    RunResult down = st.run({"down", "--volumes"});
    INFO(down.str());
    REQUIRE(down.exit_code == 0);
    CHECK(stack_containers(kStack).empty());
    // The other stack's container and the bystander were never touched.
    CHECK(container_id("rcown-o-web-1") == other_id);
    CHECK(container_id(kBystander) == bystander_id);
    CHECK(inspect("rcown-o-web-1", "{{.State.Status}}") == "running");
    CHECK(inspect(kBystander, "{{.State.Status}}") == "running");
}
