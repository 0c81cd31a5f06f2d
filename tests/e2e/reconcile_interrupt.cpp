// issue 3: two `up`s of one stack take turns; Ctrl-C stops an `up` cleanly
// and a rerun converges.
#include <signal.h>

#include <catch2/catch.hpp>
#include <thread>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;
using namespace std::chrono_literals;

namespace {

// Healthy about 3 s after start: keeps an `up` in flight while its
// dependents wait for service_healthy.
RcService slow_service(const std::string& project) {
    RcService s{.key = "slow", .project = project, .singleton = true,
                .health_test = R"(["CMD", "test", "-f", "/tmp/ready"])"};
    s.extra = {R"(command: ["/bin/sh", "-c", "trap 'exit 0' TERM; sleep 3 & wait $$!; touch /tmp/ready; )"
               R"(while true; do sleep 1 & wait $$!; done"])"};
    return s;
}

RcService dependent(const std::string& key, const std::string& project) {
    RcService s{.key = key, .project = project};
    s.extra = {"depends_on: {slow: {condition: service_healthy}}"};
    return s;
}

bool appears(const std::string& name) {
    return wait_until([&] { return !container_id(name).empty(); }, 20s, 50ms);
}

}  // namespace

TEST_CASE("reconcile: concurrent ups of one stack take turns and leave no duplicates", "[e2e][reconcile]") {
    const std::string p = "rclock-a";
    RcStack st("e2e-rc-lock", {"net"}, {slow_service(p), dependent("web", p), dependent("api", p)});

    Spawned first(st.argv({"up"}), st.env(), st.dir() + "/first");
    REQUIRE(appears("rclock-a-slow"));
    Spawned waiter(st.argv({"up"}), st.env(), st.dir() + "/waiter");
    RunResult impatient = st.run({"up", "--lock-timeout", "500ms"});
    INFO(impatient.str());
    CHECK(impatient.exit_code == 75);
    CHECK_THAT(impatient.err, Catch::Contains("timed out after 500ms waiting for the lock on stack 'e2e-rc-lock' "
                                              "held by pid"));
    CHECK_THAT(impatient.err, Catch::Contains("(infractl up, since "));
    CHECK(wait_until([&] { return waiter.err_so_far().find("waiting for the lock") != std::string::npos; }, 10s));

    RunResult a = first.wait(60s);
    RunResult b = waiter.wait(60s);
    INFO(a.str());
    INFO(b.str());
    CHECK(a.exit_code == 0);
    CHECK(b.exit_code == 0);
    CHECK_THAT(b.err, Catch::Contains("waiting for the lock on stack 'e2e-rc-lock' held by pid"));
    CHECK_THAT(b.out, Catch::Contains("No changes."));
    CHECK(stack_containers(st.name()) == std::vector<std::string>{"rclock-a-api-1", "rclock-a-slow", "rclock-a-web-1"});
}

TEST_CASE("reconcile: Ctrl-C during up exits 130 with a report - and a rerun converges", "[e2e][reconcile]") {
    const std::string p = "rcint-a";
    RcStack st("e2e-rc-int", {"net"},
               {slow_service(p), dependent("web", p), dependent("api", p), dependent("worker", p)});

    Spawned up(st.argv({"up"}), st.env(), st.dir() + "/up");
    REQUIRE(appears("rcint-a-slow"));
    std::this_thread::sleep_for(300ms);  // the slow container is being waited for
    up.signal(SIGINT);
    RunResult r = up.wait(30s);
    INFO(r.str());
    CHECK(r.exit_code == 130);
    // The network and the slow service were done; the three dependents were
    // waiting for it and never started (an interrupted wait is no failure).
    CHECK_THAT(r.err, Catch::Contains("2 done, 0 failed, 3 not started (interrupted)"));
    CHECK(lines_with(r.err, "error:").empty());
    // Nothing after the interrupt: the dependents were never created.
    CHECK(stack_containers(st.name()) == std::vector<std::string>{"rcint-a-slow"});

    RunResult again = st.run({"up"});
    INFO(again.str());
    CHECK(again.exit_code == 0);
    CHECK(stack_containers(st.name()) ==
          std::vector<std::string>{"rcint-a-api-1", "rcint-a-slow", "rcint-a-web-1", "rcint-a-worker-1"});
    CHECK(st.run({"plan", "--detailed-exitcode"}).exit_code == 0);
}
