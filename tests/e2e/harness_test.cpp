// The harness itself: later e2e tests rely on run() reporting exactly what happened.
#include <catch2/catch.hpp>
#include <chrono>

#include "support/harness.hpp"

using namespace infractl::e2e;
using namespace std::chrono_literals;

TEST_CASE("harness: run captures stdout - stderr - exit code - env and cwd", "[e2e][harness]") {
    TempDir dir;
    dir.write("sub/f.txt", "content");
    RunResult r = run({"sh", "-c", "echo out-$X; echo err >&2; cat sub/f.txt; exit 4"},
                      {.cwd = dir.path(), .env = {{"X", "1"}}});
    CHECK(r.exit_code == 4);
    CHECK(r.out == "out-1\ncontent");
    CHECK(r.err == "err\n");
    CHECK_FALSE(r.timed_out);
    CHECK(run({"cat"}, {.stdin_text = "piped"}).out == "piped");
    CHECK(run({"/nonexistent/binary"}).exit_code == 127);
}

TEST_CASE("harness: a started process sees no INFRACTL_* - DOCKER_HOST or NO_COLOR unless the test sets it",
          "[e2e][harness]") {
    // What a developer's shell may hold after scripts/up.sh.
    ::setenv("INFRACTL_IMAGES", "profiles/images-local.yaml", 1);
    ::setenv("INFRACTL_PROFILE", "staging", 1);
    ::setenv("DOCKER_HOST", "unix:///nowhere.sock", 1);
    ::setenv("NO_COLOR", "1", 1);
    ::setenv("E2E_HARNESS_KEPT", "kept", 1);
    const char* show = "echo \"${INFRACTL_IMAGES-unset} ${INFRACTL_PROFILE-unset} ${DOCKER_HOST-unset} "
                       "${NO_COLOR-unset} ${E2E_HARNESS_KEPT-unset}\"";
    RunResult plain = run({"sh", "-c", show});
    RunResult set = run({"sh", "-c", show}, {.env = {{"INFRACTL_PROFILE", "prod"}, {"NO_COLOR", ""}}});
    for (const char* n : {"INFRACTL_IMAGES", "INFRACTL_PROFILE", "DOCKER_HOST", "NO_COLOR", "E2E_HARNESS_KEPT"})
        ::unsetenv(n);
    CHECK(plain.out == "unset unset unset unset kept\n");
    CHECK(set.out == "unset prod unset  kept\n");
}

TEST_CASE("harness: run kills a command at its timeout", "[e2e][harness]") {
    auto t0 = std::chrono::steady_clock::now();
    RunResult r = run({"sh", "-c", "sleep 30 & wait"}, {.timeout = 1s});
    CHECK(r.timed_out);
    CHECK(std::chrono::steady_clock::now() - t0 < 5s);  // time is the behaviour: the 1 s bound, not 30 s
}

TEST_CASE("harness: the infractl binary and the docker CLI run", "[e2e][harness]") {
    require_engine();
    RunResult v = run_infractl({"--version"});
    CHECK(v.exit_code == 0);
    CHECK_FALSE(v.out.empty());
    CHECK(docker({"version", "--format", "{{.Server.APIVersion}}"}).exit_code == 0);
    int calls = 0;
    CHECK(wait_until([&] { return ++calls == 3; }, 2s, 10ms));
    CHECK_FALSE(wait_until([] { return false; }, 100ms, 10ms));
}
