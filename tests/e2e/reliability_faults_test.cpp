// Engine faults: infractl talks to dockerd through tests/tools/fault_proxy,
// which delays, drops, fails, truncates or corrupts chosen calls. infractl
// must retry what is safe to retry, never duplicate a create whose answer was
// lost, fail with a message naming the call when it gives up, and converge on
// a rerun.
#include <catch2/catch.hpp>

#include <cstdio>
#include <thread>

#include "reliability_support.hpp"

using namespace infractl;
using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

constexpr const char* kStack = "relfault";
const std::vector<std::string> kPrefixes = {"relfault"};
constexpr std::size_t kContainers = 4;  // web x3 + api

const char* kTopology =
    "version: 1\nstack: relfault\nnetworks:\n  net: {}\n"
    "projects:\n"
    "  relfaultp:\n"
    "    services:\n"
    "      web:\n"
    "        image: infractl-test/busybox:1\n"
    "        replicas: 3\n"
    "        stop_grace_period: 2s\n"
    "      api:\n"
    "        image: infractl-test/busybox:1\n"
    "        singleton: true\n"
    "        stop_grace_period: 2s\n"
    "        depends_on: [web]\n";

// Totals over the whole file, printed by the last test.
struct Figures {
    long calls = 0;
    long faults = 0;
    int scenarios = 0;
    int survived = 0;
} g_figures;

struct FaultStack {
    TempDir dir;
    std::string topo;
    FaultProxy proxy;
    std::vector<std::pair<std::string, std::string>> env;

    explicit FaultStack(std::uint64_t seed)
        : topo(dir.write("topology.yaml", kTopology)), proxy(dir.path() + "/proxy.sock", seed) {
        dir.write("profiles/dev.yaml", "version: 1\nprofile: dev\ndefault_host_ip: 127.0.0.1\n");
        env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}};
    }
    // Through the proxy.
    RunResult run(std::vector<std::string> cmd) {
        cmd.insert(cmd.end(), {"-f", topo, "--no-color", "-H", proxy.host()});
        return run_infractl(cmd, RunOptions{.env = env});
    }
    // Straight to dockerd.
    RunResult run_direct(std::vector<std::string> cmd) {
        cmd.insert(cmd.end(), {"-f", topo, "--no-color"});
        return run_infractl(cmd, RunOptions{.env = env});
    }
    void record(bool survived) {
        auto st = proxy.stats();
        g_figures.calls += st.value("calls", 0L);
        g_figures.faults += st.value("faults", 0L);
        ++g_figures.scenarios;
        g_figures.survived += survived;
    }
};

// The stack is whole, single and labelled, and a plan finds nothing to do.
void check_converged(FaultStack& s) {
    RunResult plan = s.run_direct({"plan", "--detailed-exitcode"});
    INFO(plan.str());
    REQUIRE(plan.exit_code == 0);
    auto problems = stack_problems(kStack, kPrefixes);
    INFO(join(problems));
    REQUIRE(problems.empty());
    REQUIRE(container_count(kStack) == kContainers);
}

// A failure, not a crash: a known exit code and an error line
// ("infractl: ..." before the apply, "error: <action>: ..." during it).
void check_clean_failure(const RunResult& r) {
    INFO(r.str());
    CHECK_FALSE(r.timed_out);
    CHECK((r.exit_code == 1 || r.exit_code == 69));
    CHECK((r.err.find("infractl: ") != std::string::npos || r.err.find("error: ") != std::string::npos));
}

}  // namespace

TEST_CASE("faults: commands that need no engine make zero engine calls", "[e2e][reliability][faults]") {
    require_engine();
    StackGuard guard(kStack);
    FaultStack s(1);
    for (const char* cmd : {"validate", "render", "budget"}) {
        RunResult r = s.run({cmd});
        INFO(cmd << ": " << r.str());
        CHECK(r.exit_code == 0);
    }
    s.dir.write("topology.yaml", std::string(kTopology) + "        replicas: 2\n");  // a singleton with 2 replicas
    RunResult up = s.run({"up"});
    INFO(up.str());
    CHECK(up.exit_code == 1);
    CHECK(s.proxy.calls() == 0);
    s.record(true);
}

TEST_CASE("faults: 503 on 30% of GETs and slow answers - up still converges", "[e2e][reliability][faults]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    FaultStack s(test_seed("INFRACTL_FAULT_SEED", "503 on GETs"));
    s.proxy.set_rules({"GET . status=503 share=0.3", "POST ^/containers/.*/start delay=300 share=0.5"});
    RunResult up = s.run({"up", "-q"});
    INFO(up.str());
    CHECK(up.exit_code == 0);
    RunResult plan = s.run({"plan", "--detailed-exitcode"});
    INFO(plan.str());
    CHECK(plan.exit_code == 0);
    auto st = s.proxy.stats();
    std::printf("503 on 30%% of GETs: %ld calls seen, %ld faults injected, up and plan succeeded\n",
                st.value("calls", 0L), st.value("faults", 0L));
    CHECK(st.value("faults", 0L) > 3);
    s.record(up.exit_code == 0 && plan.exit_code == 0);
    check_converged(s);
}

TEST_CASE("faults: a create whose answer is lost is adopted - never duplicated", "[e2e][reliability][faults]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    FaultStack s(test_seed("INFRACTL_FAULT_SEED", "lost creates"));
    // Half the creates happen but their answer never arrives; one never reaches the engine.
    s.proxy.set_rules({"POST ^/containers/create drop-after share=0.5", "POST ^/containers/create drop-before nth=2"});
    RunResult up = s.run({"up", "-q"});
    INFO(up.str());
    CHECK(up.exit_code == 0);
    auto st = s.proxy.stats();
    std::printf("lost create answers: %ld calls seen, %ld creates dropped, up exit %d\n", st.value("calls", 0L),
                st.value("faults", 0L), up.exit_code);
    CHECK(st.value("faults", 0L) >= 1);
    s.record(up.exit_code == 0);
    check_converged(s);
}

TEST_CASE("faults: 500 on every create fails naming the call - a rerun without faults converges",
          "[e2e][reliability][faults]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    FaultStack s(1);
    s.proxy.set_rules({"POST ^/containers/create status=500"});
    RunResult up = s.run({"up", "-q"});
    INFO(up.str());
    CHECK(up.exit_code == 1);
    CHECK(up.err.find("error: create relfaultp-web-1: create container 'relfaultp-web-1': fault_proxy: injected 500") !=
          std::string::npos);
    CHECK(container_count(kStack) == 0);
    s.record(up.exit_code == 1);
    s.proxy.set_rules({});
    RunResult rerun = s.run({"up", "-q"});
    INFO(rerun.str());
    REQUIRE(rerun.exit_code == 0);
    check_converged(s);
}

TEST_CASE("faults: the engine restarting in the middle of up gives a clear error - a rerun converges",
          "[e2e][reliability][faults]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    FaultStack s(1);
    // The second start closes the socket for 6 s: longer than the retries last.
    s.proxy.set_rules({"POST ^/containers/.*/start outage=6000 nth=2"});
    RunResult up = s.run({"up", "-q"});
    INFO(up.str());
    check_clean_failure(up);
    CHECK(up.err.find("cannot reach the engine at unix://" + s.dir.path() + "/proxy.sock") != std::string::npos);
    s.record(up.exit_code != 0);
    REQUIRE(wait_until([&] { return s.proxy.stats().contains("calls"); }, 10s));
    RunResult rerun = s.run({"up", "-q"});
    INFO(rerun.str());
    REQUIRE(rerun.exit_code == 0);
    check_converged(s);
}

TEST_CASE("faults: malformed engine answers give a clear error - not a crash", "[e2e][reliability][faults]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    FaultStack s(1);
    struct Case {
        std::string rule;
        std::string expected;  // in stderr
    } cases[] = {
        {"GET ^/containers/json truncate", "list containers: the engine's answer is not valid JSON"},
        {"GET ^/containers/json short", "failed during GET /containers/json"},
        {"GET ^/containers/json huge=70", "the engine's answer to GET /containers/json?all=1 is larger than 64 MiB"},
        {"GET ^/networks truncate", "list networks: the engine's answer is not valid JSON"},
        {"GET ^/images/ truncate", "inspect 'infractl-test/busybox:1': the engine's answer is not valid JSON"},
        {"POST ^/containers/create truncate nth=1", "create container '"},
        {R"(POST ^/containers/create body={"Id":7})", "create container '"},
        {"GET ^/containers/.*/json truncate share=0.5", "the engine's answer is not valid JSON"},
    };
    int clean = 0;
    for (const auto& c : cases) {
        s.proxy.set_rules({c.rule});
        RunResult up = s.run({"up", "-q"});
        INFO("rule: " << c.rule);
        check_clean_failure(up);
        CHECK(up.err.find(c.expected) != std::string::npos);
        clean += up.exit_code == 1 || up.exit_code == 69;
        auto st = s.proxy.stats();
        g_figures.calls += st.value("calls", 0L);
        g_figures.faults += st.value("faults", 0L);
        s.proxy.set_rules({});
        RunResult down = s.run({"down", "-q"});
        INFO(down.str());
        REQUIRE(down.exit_code == 0);
        auto problems = stack_problems(kStack, kPrefixes);
        INFO(join(problems));
        REQUIRE(problems.empty());
    }
    std::printf("malformed answers: %d of %zu gave a clean error\n", clean, std::size(cases));
    g_figures.scenarios += static_cast<int>(std::size(cases));
    g_figures.survived += clean;
    RunResult up = s.run({"up", "-q"});
    REQUIRE(up.exit_code == 0);
    check_converged(s);
    std::printf("engine faults, all scenarios: %d of %d handled, %ld faults injected, %ld engine calls seen\n",
                g_figures.survived, g_figures.scenarios, g_figures.faults, g_figures.calls);
}
