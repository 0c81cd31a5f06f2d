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

TEST_CASE("harness: run kills a command at its timeout", "[e2e][harness]") {
    auto t0 = std::chrono::steady_clock::now();
    RunResult r = run({"sh", "-c", "sleep 30 & wait"}, {.timeout = 1s});
    CHECK(r.timed_out);
    CHECK(std::chrono::steady_clock::now() - t0 < 5s);
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
