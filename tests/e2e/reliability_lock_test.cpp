// Concurrency: several `up`s of one stack take turns on the stack lock (the
// others wait, or time out naming the holder), nothing is duplicated, a
// SIGKILLed holder does not block anyone, and two different stacks never wait
// for each other.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <thread>

#include "reliability_support.hpp"

using namespace infractl;
using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

std::string topology(const std::string& stack, const std::string& project, const std::string& gen) {
    return "version: 1\nstack: " + stack + "\nprojects:\n  " + project +
           ":\n    services:\n"
           "      web:\n"
           "        image: infractl-test/busybox:1\n"
           "        replicas: 2\n"
           "        environment: {GEN: \"" + gen + "\"}\n"
           "        stop_grace_period: 1s\n";
}

struct LockStack {
    TempDir dir;
    std::string stack;
    std::string topo;
    std::string state;
    std::vector<std::pair<std::string, std::string>> env;

    LockStack(const std::string& stack_name, const std::string& project, const std::string& shared_state = "")
        : stack(stack_name), topo(dir.write("topology.yaml", topology(stack_name, project, "0"))),
          state(shared_state.empty() ? dir.path() + "/state" : shared_state) {
        dir.write("profiles/dev.yaml", "version: 1\nprofile: dev\ndefault_host_ip: 127.0.0.1\n");
        env = {{"INFRACTL_STATE_DIR", state}};
    }
    std::vector<std::string> args(std::vector<std::string> cmd, const std::string& host = "") const {
        cmd.insert(cmd.end(), {"-f", topo, "--no-color"});
        if (!host.empty()) cmd.insert(cmd.end(), {"-H", host});
        return cmd;
    }
    std::unique_ptr<Background> start(const std::vector<std::string>& cmd, const std::string& log,
                                      const std::string& host = "") const {
        return std::make_unique<Background>(args(cmd, host), env, dir.path() + "/" + log);
    }
    RunResult run(const std::vector<std::string>& cmd) const { return run_infractl(args(cmd), RunOptions{.env = env}); }
    std::string lock_file() const { return state + "/" + stack + ".lock"; }
};

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// "held by pid 123 (infractl up, since ...)" -> 123; 0 when absent.
long holder_named(const std::string& err) {
    static const std::regex re(R"(held by pid ([0-9]+) \(infractl (up|down|scale), since [0-9:]{8}\))");
    std::smatch m;
    return std::regex_search(err, m, re) ? std::stol(m[1]) : 0;
}

// Names ours by prefix: "{project}-" for containers, "{stack}_" for networks and volumes.
void check_single(const std::string& stack, const std::string& project, std::size_t containers) {
    auto problems = stack_problems(stack, {project + "-", stack + "_"});
    INFO(join(problems));
    CHECK(problems.empty());
    CHECK(container_count(stack) == containers);
}

// n concurrent `up`s of a changed topology: exactly one applies the change,
// every other waits for a holder that finished before it did.
// All go through a proxy that makes each create take 1.5 s, so the holder is
// still applying when the others ask for the lock, however fast the machine.
void concurrent_ups(LockStack& s, int n, const std::string& gen) {
    s.dir.write("topology.yaml", topology(s.stack, "rellockp", gen));
    FaultProxy proxy(s.dir.path() + "/proxy" + gen + ".sock", 1, {"POST ^/containers/create delay=1500"});
    std::vector<std::unique_ptr<Background>> runs;
    for (int i = 0; i < n; ++i)
        runs.push_back(s.start({"up", "--lock-timeout", "120s"}, "up" + std::to_string(i), proxy.host()));
    int applied = 0, waited = 0;
    // Reaped together, so every ended() is within a few ms of the real exit.
    auto deadline = std::chrono::steady_clock::now() + 150s;
    for (bool all = false; !all && std::chrono::steady_clock::now() < deadline;) {
        all = true;
        for (auto& r : runs) all = (r->wait(0ms) >= 0) && all;
        std::this_thread::sleep_for(5ms);
    }
    for (auto& r : runs) {
        INFO(r->err());
        REQUIRE(r->wait(0ms) == 0);
    }
    for (auto& r : runs) {
        std::string out = r->out(), err = r->err();
        INFO("pid " << r->pid() << "\n--- stdout\n" << out << "\n--- stderr\n" << err);
        bool did_work = out.find("-/+ container") != std::string::npos;
        applied += did_work;
        long holder = holder_named(err);
        if (holder == 0) continue;
        ++waited;
        // The holder is one of the others, and it finished before this one went on.
        const Background* h = nullptr;
        for (auto& o : runs)
            if (o->pid() == holder) h = o.get();
        REQUIRE(h != nullptr);
        CHECK(h != r.get());
        CHECK(h->ended() <= r->ended());  // time is the behaviour: the lock orders the runs
    }
    std::printf("%d concurrent ups: %d applied the change, %d waited for the lock naming the holder's pid\n", n,
                applied, waited);
    CHECK(applied == 1);
    CHECK(waited == n - 1);
    check_single(s.stack, "rellockp", 2);
}

}  // namespace

TEST_CASE("lock: two - then five concurrent ups of one stack take turns", "[e2e][reliability][lock]") {
    require_engine();
    require_test_images();
    StackGuard guard("rellock");
    LockStack s("rellock", "rellockp");
    REQUIRE(s.run({"up", "-q"}).exit_code == 0);
    concurrent_ups(s, 2, "1");
    concurrent_ups(s, 5, "2");
}

TEST_CASE("lock: a waiter times out naming the holder - a SIGKILLed holder blocks nobody",
          "[e2e][reliability][lock]") {
    require_engine();
    require_test_images();
    StackGuard guard("rellock");
    LockStack s("rellock", "rellockp");
    // The holder goes through a proxy that makes every create take 4 s.
    auto proxy = std::make_unique<FaultProxy>(s.dir.path() + "/proxy.sock", 1,
                                              std::vector<std::string>{"POST ^/containers/create delay=4000"});
    auto holder = s.start({"up", "-q"}, "holder", proxy->host());
    REQUIRE(wait_until([&] { return read_file(s.lock_file()).find("pid=" + std::to_string(holder->pid())) !=
                                    std::string::npos; },
                       20s, 20ms));

    RunResult waiter = s.run({"up", "--lock-timeout", "1s"});
    INFO(waiter.str());
    CHECK(waiter.exit_code == 75);
    CHECK(waiter.err.find("timed out after 1s waiting for the lock on stack 'rellock' held by pid " +
                          std::to_string(holder->pid()) + " (infractl up, since ") != std::string::npos);
    CHECK(holder_named(waiter.err) == holder->pid());

    REQUIRE(holder->kill_now());
    proxy.reset();  // its delayed creates must not land in the middle of the next up
    auto t = std::chrono::steady_clock::now();
    RunResult after = s.run({"up", "-q", "--lock-timeout", "5s"});
    double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    INFO(after.str());
    CHECK(after.exit_code == 0);
    CHECK(after.err.find("waiting for the lock") == std::string::npos);
    std::printf("lock of a SIGKILLed holder: the next up got it at once and finished in %.1f s\n", waited);
    RunResult plan = s.run({"plan", "--detailed-exitcode"});
    INFO(plan.str());
    CHECK(plan.exit_code == 0);
    check_single("rellock", "rellockp", 2);
}

TEST_CASE("lock: ups of two different stacks run side by side", "[e2e][reliability][lock]") {
    require_engine();
    require_test_images();
    StackGuard guard_a("rellock");
    StackGuard guard_b("rellock2");
    // One state directory for both, as on a real machine.
    TempDir state;
    LockStack a("rellock", "rellockp", state.path());
    LockStack b("rellock2", "rellockq", state.path());
    FaultProxy proxy(a.dir.path() + "/proxy.sock", 1, {"POST ^/containers/create delay=3000"});
    auto slow = a.start({"up", "-q"}, "slow", proxy.host());
    REQUIRE(wait_until([&] { return read_file(a.lock_file()).find("pid=") != std::string::npos; }, 20s, 20ms));
    auto fast = b.start({"up", "-q", "--lock-timeout", "0s"}, "fast");
    REQUIRE(fast->wait(60s) == 0);
    INFO(fast->err());
    CHECK(fast->err().find("waiting for the lock") == std::string::npos);
    REQUIRE(slow->wait(60s) == 0);
    CHECK(fast->ended() < slow->ended());  // time is the behaviour: the other stack's lock did not hold it
    std::printf("two stacks side by side: the fast up finished %.1f s before the slow one\n",
                std::chrono::duration<double>(slow->ended() - fast->ended()).count());
    check_single("rellock", "rellockp", 2);
    check_single("rellock2", "rellockq", 2);
}
