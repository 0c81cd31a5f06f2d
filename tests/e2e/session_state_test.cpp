// Issue 9: one session per command. Read-only commands never write state; a
// remembered count belongs to the profile it was made under; a topology with
// no profiles folder is used as written; the CPU reservation reaches the
// engine as CpuShares.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;

namespace {

namespace fs = std::filesystem;

// Every file of the state dir with its content: what "wrote nothing" compares.
std::map<std::string, std::string> state_files(const std::string& dir) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::ifstream in(entry.path());
        std::stringstream ss;
        ss << in.rdbuf();
        out[entry.path().filename().string()] = ss.str();
    }
    return out;
}

std::vector<RcService> services(int workers) {
    RcService worker{"worker", "rcss-a", workers};
    RcService db{"db", "rcss-a"};
    db.singleton = true;
    db.extra = {"resources: {reservations: {cpus: 0.25, memory: 32M}, limits: {cpus: 0.5, memory: 64M}}"};
    return {worker, db};
}

}  // namespace

TEST_CASE("session: read-only commands never write state - a remembered count belongs to its profile",
          "[e2e][session]") {
    RcStack st("e2e-session", {}, services(1));
    st.write_profile("staging", {{"rcss-a/worker", "{replicas: 2}"}});
    REQUIRE(st.run({"up"}).exit_code == 0);
    RunResult scaled = st.run({"scale", "rcss-a", "worker=3"});
    INFO(scaled.str());
    REQUIRE(scaled.exit_code == 0);
    CHECK(stack_containers(st.name()).size() == 4);
    auto before = state_files(st.state_dir());
    REQUIRE(before.count("e2e-session.dev.overrides.json") == 1);
    CHECK_THAT(before["e2e-session.dev.overrides.json"], Catch::Contains("\"replicas\": 3"));

    // Every read-only command, on this profile and on another one.
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"validate"}, {"render"}, {"budget"}, {"plan"}, {"status"}, {"advise"},
             {"validate", "--profile", "staging"}, {"render", "--profile", "staging"},
             {"budget", "--profile", "staging"}, {"plan", "--profile", "staging"},
             {"status", "--profile", "staging"}}) {
        RunResult r = st.run(args);
        INFO(args.front() << (args.size() > 1 ? " --profile staging" : "") << "\n" << r.str());
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.err, !Catch::Contains("forgetting"));
        CHECK(state_files(st.state_dir()) == before);
    }
    // staging does not apply dev's count: its plan wants 2 workers, not 3.
    RunResult staging = st.run({"plan", "--profile", "staging"});
    CHECK_THAT(staging.out, Catch::Contains("rcss-a-worker-3"));
    CHECK_THAT(staging.out, Catch::Contains("scale down 3 -> 2"));
    // dev still does.
    CHECK_THAT(st.run({"plan"}).out, Catch::Contains("No changes."));

    // The topology's own count changes: the remembered count lapses. Reading
    // commands say so and keep the file; the next up forgets it.
    st.set_services(services(2));
    RunResult plan = st.run({"plan"});
    INFO(plan.str());
    CHECK_THAT(plan.err, Catch::Contains("the remembered scale rcss-a/worker=3 no longer applies"));
    CHECK(state_files(st.state_dir()) == before);
    RunResult up = st.run({"up"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    CHECK(state_files(st.state_dir()).count("e2e-session.dev.overrides.json") == 0);
    CHECK(stack_containers(st.name()).size() == 3);
}

TEST_CASE("session: the CPU reservation reaches the engine as CpuShares", "[e2e][session]") {
    RcStack st("e2e-session-cpu", {}, services(1));
    RunResult up = st.run({"up"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    CHECK(inspect("rcss-a-db", "{{.HostConfig.CpuShares}}") == "256");
    CHECK(inspect("rcss-a-db", "{{.HostConfig.NanoCpus}}") == "500000000");
    CHECK(inspect("rcss-a-db", "{{.HostConfig.MemoryReservation}}") == "33554432");
    CHECK_THAT(st.run({"plan"}).out, Catch::Contains("No changes."));

    // Changed by hand: drift, repaired live.
    REQUIRE(docker({"update", "--cpu-shares", "1024", "rcss-a-db"}).exit_code == 0);
    RunResult plan = st.run({"plan"});
    CHECK_THAT(plan.out, Catch::Contains("cpu shares: 1024 -> 256"));
    REQUIRE(st.run({"up"}).exit_code == 0);
    CHECK(inspect("rcss-a-db", "{{.HostConfig.CpuShares}}") == "256");
}

TEST_CASE("session: a topology with no profiles folder is used as written", "[e2e][session]") {
    TempDir dir;
    std::string topo = dir.write("plain.yaml",
                                 "version: 1\nstack: e2e-plain\nprojects:\n  p:\n    services:\n"
                                 "      web:\n        image: infractl-test/busybox:1\n");
    RunOptions opts;
    opts.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}};
    RunResult r = run_infractl({"validate", "-f", topo}, opts);
    INFO(r.str());
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("plain.yaml (no profile): ok, 1 project, 1 service"));
    CHECK_THAT(r.err, Catch::Contains("note: no profile file for 'dev' beside"));
    // Named and missing is still an error.
    RunResult named = run_infractl({"validate", "-f", topo, "--profile", "dev"}, opts);
    CHECK(named.exit_code == 1);
    CHECK_THAT(named.err, Catch::Contains("profile 'dev' not found"));
    CHECK_FALSE(fs::exists(dir.path() + "/state"));  // validate wrote nothing
}
