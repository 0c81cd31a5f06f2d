// Crash safety: infractl SIGKILLed at random points of `up`, `scale` and
// `down`; the next run must converge, nothing may be duplicated or left
// unlabelled, and the data in the stack's volume must survive.
//
// The kill delays are seeded: the seed is printed, and INFRACTL_KILL_SEED=N
// replays a run.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "reliability_support.hpp"

using namespace infractl;
using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

constexpr const char* kStack = "relcrash";
constexpr const char* kProject = "relcrashp";
const std::vector<std::string> kPrefixes = {"relcrash"};
constexpr int kContainers = 6;  // store + web x2 + worker x2 + api
constexpr const char* kKey = "relcrash-key";

std::string topology(const std::string& gen) {
    return "version: 1\nstack: relcrash\nnetworks:\n  net: {}\nvolumes:\n  data: {global: true}\n"
           "globals:\n"
           "  store:\n"
           "    image: infractl-local/redis:7\n"
           "    volumes: [\"data:/data\"]\n"
           "    environment: {GEN: \"" + gen + "\"}\n"
           "    stop_grace_period: 5s\n"
           "projects:\n"
           "  relcrashp:\n"
           "    services:\n"
           "      web:\n"
           "        image: infractl-test/busybox:1\n"
           "        replicas: 2\n"
           "        max_replicas: 5\n"
           "        environment: {GEN: \"" + gen + "\"}\n"
           "        stop_grace_period: 2s\n"
           "        depends_on: [store]\n"
           "      worker:\n"
           "        image: infractl-test/busybox:1\n"
           "        replicas: 2\n"
           "        environment: {GEN: \"" + gen + "\"}\n"
           "        stop_grace_period: 2s\n"
           "      api:\n"
           "        image: infractl-test/busybox:1\n"
           "        singleton: true\n"
           "        environment: {GEN: \"" + gen + "\"}\n"
           "        stop_grace_period: 2s\n";
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// One scratch stack: topology file, state dir, and the commands.
struct CrashStack {
    TempDir dir;
    std::string topo;
    std::vector<std::pair<std::string, std::string>> env;

    CrashStack() {
        dir.write("profiles/dev.yaml", "version: 1\nprofile: dev\ndefault_host_ip: 127.0.0.1\n");
        topo = dir.write("topology.yaml", topology("0"));
        env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}};
    }
    void set_gen(const std::string& gen) { dir.write("topology.yaml", topology(gen)); }
    std::vector<std::string> args(std::vector<std::string> cmd) const {
        cmd.insert(cmd.end(), {"-f", topo, "--no-color"});
        return cmd;
    }
    RunResult run(const std::vector<std::string>& cmd) const {
        return run_infractl(args(cmd), RunOptions{.env = env});
    }
    std::string redis(const std::vector<std::string>& cmd) const {
        std::vector<std::string> argv{"exec", "relcrash-store", "redis-cli"};
        argv.insert(argv.end(), cmd.begin(), cmd.end());
        RunResult r = docker(argv);
        return r.out.substr(0, r.out.find_last_not_of("\n") + 1);
    }
};

// Starts `cmd`, SIGKILLs it after `delay`; true when the kill landed (it had not finished).
bool run_and_kill(const CrashStack& s, const std::vector<std::string>& cmd, std::chrono::milliseconds delay) {
    Background bg(s.args(cmd), s.env, s.dir.path() + "/killed");
    if (bg.wait(delay) >= 0) return false;
    return bg.kill_now();
}

// `down`, where one failure is accepted: dockerd 20.10 sometimes keeps
// counting an endpoint on the stack's network after a container start was
// cut short by a SIGKILLed client, and then refuses to delete the network
// though no container is attached; only an engine restart clears it.
// infractl detects that case and says so (DockerEngine::remove_network):
// the message is the proof, and the test still checks that every container
// is gone. Returns the number of such stale networks met (0 or 1).
int run_down(const CrashStack& s) {
    RunResult down = s.run({"down", "-q"});
    INFO(down.str());
    if (down.exit_code == 0) return 0;
    REQUIRE(down.err.find("the engine's count of its endpoints is stale") != std::string::npos);
    REQUIRE(container_count(kStack) == 0);
    return 1;
}

// The checks after every kill and rerun.
void check_converged(const CrashStack& s, const std::string& value, std::size_t containers) {
    RunResult plan = s.run({"plan", "--detailed-exitcode"});
    INFO(plan.str());
    REQUIRE(plan.exit_code == 0);
    auto problems = stack_problems(kStack, kPrefixes);
    INFO(join(problems));
    REQUIRE(problems.empty());
    REQUIRE(container_count(kStack) == containers);
    if (!value.empty()) REQUIRE(wait_until([&] { return s.redis({"GET", kKey}) == value; }, 10s));
}

std::chrono::milliseconds random_delay(std::mt19937_64& rng, double typical_seconds) {
    auto max_ms = static_cast<long>(typical_seconds * 1000);
    return std::chrono::milliseconds(std::uniform_int_distribution<long>(0, std::max(max_ms, 50L))(rng));
}

// Sets up the stack and writes the data every iteration checks for.
std::string prepare(CrashStack& s, double& up_seconds) {
    auto t = std::chrono::steady_clock::now();
    RunResult up = s.run({"up", "-q"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    up_seconds = seconds_since(t);
    std::string value = "written-before-the-kills";
    REQUIRE(wait_until([&] { return s.redis({"SET", kKey, value}) == "OK"; }, 15s));
    REQUIRE(s.redis({"SAVE"}) == "OK");
    return value;
}

}  // namespace

TEST_CASE("crash: SIGKILL at random points of up - the next up converges", "[e2e][reliability][crash]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    CrashStack s;
    std::mt19937_64 rng(test_seed("INFRACTL_KILL_SEED", "crash during up"));
    double up_seconds = 0;
    std::string value = prepare(s, up_seconds);
    s.set_gen("1");
    auto t = std::chrono::steady_clock::now();
    REQUIRE(s.run({"up", "-q"}).exit_code == 0);
    // A replacement of every container: the first up also waited for images
    // and networks, and would put most kills after the end.
    double typical = seconds_since(t);

    const int kAttempts = 30;
    int landed = 0, attempted = 0, stale = 0;
    auto started = std::chrono::steady_clock::now();
    for (int i = 1; i <= kAttempts && seconds_since(started) < 240; ++i) {
        // Every third round starts from nothing (create path), the others
        // replace every container (start-first "-next" and stop-first paths).
        if (i % 3 == 0) stale += run_down(s);
        s.set_gen("g" + std::to_string(i));
        auto delay = random_delay(rng, typical);
        INFO("round " << i << ", kill after " << delay.count() << " ms");
        landed += run_and_kill(s, {"up", "-q"}, delay);
        ++attempted;
        // Straight after the kill a "-next" or a duplicate is legitimate (the
        // rerun clears it); an object of ours without our labels never is.
        for (const auto& p : stack_problems(kStack, kPrefixes))
            CHECK(p.find("without our labels") == std::string::npos);
        RunResult rerun = s.run({"up", "-q"});
        INFO(rerun.str());
        REQUIRE(rerun.exit_code == 0);
        check_converged(s, value, kContainers);
    }
    std::printf("crash during up: %d kills landed mid-run out of %d attempted, %d reruns converged, data kept "
                "(%.0f s, typical up %.1f s; engine's stale network count met %d times)\n",
                landed, attempted, attempted, seconds_since(started), typical, stale);
    CHECK(attempted == kAttempts);
    CHECK(landed >= attempted / 2);
}

TEST_CASE("crash: SIGKILL at random points of scale - rerunning the scale converges", "[e2e][reliability][crash]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    CrashStack s;
    std::mt19937_64 rng(test_seed("INFRACTL_KILL_SEED", "crash during scale"));
    double up_seconds = 0;
    std::string value = prepare(s, up_seconds);
    auto t = std::chrono::steady_clock::now();
    REQUIRE(s.run({"scale", kProject, "web=5", "-q"}).exit_code == 0);
    double typical = seconds_since(t);

    const int kAttempts = 10;
    int landed = 0, attempted = 0, current = 5;
    auto started = std::chrono::steady_clock::now();
    for (int i = 1; i <= kAttempts && seconds_since(started) < 120; ++i) {
        int n = current;
        while (n == current) n = std::uniform_int_distribution<int>(1, 5)(rng);
        std::string assignment = "web=" + std::to_string(n);
        // Within the first half of a 1 -> 5 scale: most later scales change
        // fewer replicas and finish sooner.
        auto delay = random_delay(rng, typical / 2);
        INFO("round " << i << ", " << assignment << ", kill after " << delay.count() << " ms");
        landed += run_and_kill(s, {"scale", kProject, assignment, "-q"}, delay);
        ++attempted;
        RunResult rerun = s.run({"scale", kProject, assignment, "-q"});
        INFO(rerun.str());
        REQUIRE(rerun.exit_code == 0);
        current = n;
        check_converged(s, value, kContainers - 2 + n);
    }
    std::printf("crash during scale: %d kills landed mid-run out of %d attempted, %d reruns converged (%.0f s)\n",
                landed, attempted, attempted, seconds_since(started));
    CHECK(attempted == kAttempts);
    // `typical` is a 1 -> 5 scale; later rounds change fewer replicas and
    // finish sooner, so fewer kills land mid-run than during up or down.
    CHECK(landed >= attempted / 4);
}

TEST_CASE("crash: SIGKILL at random points of down - rerunning down finishes - the volume keeps its data",
          "[e2e][reliability][crash]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    CrashStack s;
    std::mt19937_64 rng(test_seed("INFRACTL_KILL_SEED", "crash during down"));
    double up_seconds = 0;
    std::string value = prepare(s, up_seconds);
    auto t = std::chrono::steady_clock::now();
    int stale = run_down(s);
    double typical = seconds_since(t);

    const int kAttempts = 10;
    int landed = 0, attempted = 0;
    auto started = std::chrono::steady_clock::now();
    for (int i = 1; i <= kAttempts && seconds_since(started) < 150; ++i) {
        RunResult up = s.run({"up", "-q"});
        INFO(up.str());
        REQUIRE(up.exit_code == 0);
        check_converged(s, value, kContainers);
        auto delay = random_delay(rng, typical);
        INFO("round " << i << ", kill after " << delay.count() << " ms");
        landed += run_and_kill(s, {"down", "-q"}, delay);
        ++attempted;
        int stale_now = run_down(s);
        stale += stale_now;
        auto problems = stack_problems(kStack, kPrefixes);
        INFO(join(problems));
        REQUIRE(problems.empty());
        ObservedState left = engine().observe(kStack, nullptr);
        CHECK(left.containers.empty());
        CHECK(left.networks.size() == static_cast<std::size_t>(stale_now));
        REQUIRE(left.volumes.size() == 1);  // down keeps volumes
    }
    RunResult up = s.run({"up", "-q"});
    REQUIRE(up.exit_code == 0);
    check_converged(s, value, kContainers);
    std::printf("crash during down: %d kills landed mid-run out of %d attempted, %d reruns finished, data kept "
                "(%.0f s; engine's stale network count met %d times)\n",
                landed, attempted, attempted, seconds_since(started), stale);
    CHECK(attempted == kAttempts);
    CHECK(landed >= attempted / 2);
}
