// Scale-in drains Celery workers (apply/celery_drain.cpp): each worker that
// goes is told to stop consuming and finishes what it holds before it is
// stopped, so no task is lost or cut short. The bundled example's turfoo
// project on real Redis, PostgreSQL and Celery; every task writes one row
// (table records, with its task id), so "lost" and "run twice" are counts.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <thread>

#include "example_support.hpp"

using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

const ExamplePorts kPorts{27301, 27302, 27303, 27304, 27305, 27306};

std::string first_worker(const ExampleCopy& ex) {
    for (const auto& n : stack_containers(ex.stack()))
        if (n.rfind(ex.turfoo() + "-celery-worker-", 0) == 0) return n;
    return "";
}

// Sends n record tasks of `delay` seconds from inside a worker (the app's own
// client); returns once they are queued.
void send_tasks(const ExampleCopy& ex, int n, double delay) {
    std::string worker = first_worker(ex);
    REQUIRE_FALSE(worker.empty());
    RunResult r = docker({"exec", worker, "python3", "-m", "turfoo.send_tasks", std::to_string(n), "--delay",
                          fmt::format("{}", delay)},
                         {.timeout = 120s});
    INFO(r.str());
    REQUIRE(r.exit_code == 0);
}

std::optional<long> query(const ExampleCopy& ex, const std::string& sql) {
    return pg_long(ex.ports().turfoo_pg, "turfoo", "turfoo_db", sql);
}

}  // namespace

TEST_CASE("scale-in drains Celery workers: six rounds of 6 -> 1 under load lose and repeat no task",
          "[e2e][scaling][drain]") {
    require_engine();
    ExampleCopy ex("dr", kPorts);
    StackGuard guard(ex.stack());
    ex.write();
    RunResult up = ex.run({"up", "--project", ex.turfoo(), "--wait", "--wait-timeout", "240s", "-q"}, 300s);
    INFO(up.str());
    REQUIRE(up.exit_code == 0);

    constexpr int kRounds = 6;
    constexpr int kTasks = 200;  // per round, 0.2 s each: 20 s of work for one worker of concurrency 2
    for (int round = 1; round <= kRounds; ++round) {
        INFO("round " << round);
        RunResult out = ex.run({"scale", ex.turfoo(), "celery-worker=6", "-q"}, 240s);
        INFO(out.str());
        REQUIRE(out.exit_code == 0);
        send_tasks(ex, kTasks, 0.2);
        // The new workers connect and take tasks (a worker that does not answer
        // the remote control yet is stopped undrained, and holds nothing).
        std::this_thread::sleep_for(8s);
        RunResult in = ex.run({"scale", ex.turfoo(), "celery-worker=1"}, 240s);
        INFO(in.str());
        REQUIRE(in.exit_code == 0);
        // Every worker that went was drained, none ran out of time.
        CHECK(in.err.find("draining: stopped consuming turfoo") != std::string::npos);
        CHECK(in.err.find("still running after") == std::string::npos);
    }

    const long want = static_cast<long>(kRounds) * kTasks;
    std::optional<long> rows;
    bool all = wait_until([&] { return (rows = query(ex, "SELECT count(*) FROM records")) && *rows >= want; },
                          240s, 1s);
    INFO("rows " << rows.value_or(-1));
    CHECK(all);
    CHECK(query(ex, "SELECT count(*) FROM records") == want);
    CHECK(query(ex, "SELECT count(DISTINCT task_id) FROM records") == want);  // none ran twice
}

TEST_CASE("a worker still busy when the drain's grace runs out is named with its task", "[e2e][scaling][drain]") {
    require_engine();
    ExampleCopy ex("dr2", {27311, 27312, 27313, 27314, 27315, 27316});
    replace_all(ex.topology, "stop_signal: SIGTERM\n        stop_grace_period: 30s\n\n      celery-beat",
                "stop_signal: SIGTERM\n        stop_grace_period: 3s\n\n      celery-beat");
    StackGuard guard(ex.stack());
    ex.write();
    RunResult up = ex.run({"up", "--project", ex.turfoo(), "--wait", "--wait-timeout", "240s", "-q"}, 300s);
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    RunResult two = ex.run({"scale", ex.turfoo(), "celery-worker=2", "-q"}, 240s);
    INFO(two.str());
    REQUIRE(two.exit_code == 0);
    std::this_thread::sleep_for(10s);  // the new worker connects and consumes

    // One task of 60 s per worker process (concurrency 2 on this machine, so four).
    send_tasks(ex, 4, 60);
    std::this_thread::sleep_for(3s);
    RunResult in = ex.run({"scale", ex.turfoo(), "celery-worker=1"}, 240s);
    INFO(in.str());
    REQUIRE(in.exit_code == 0);
    CHECK(in.err.find("warning: " + ex.turfoo() + "-celery-worker-2: ") != std::string::npos);
    CHECK(in.err.find("still running after the 3s drain, stopped with them: turfoo.tasks.record[") !=
          std::string::npos);
}
