// The bundled example on the real local images (infractl-local/*): the dev
// profile comes up healthy, Celery tasks run against PostgreSQL, workers scale
// up and down without losing a task, singletons refuse, overrides are
// remembered and lapse. One bring-up for the whole sequence (postgres init and
// Celery start are slow); StackGuard tears it down, also on failure.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <future>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "example_support.hpp"

using namespace infractl;
using namespace infractl::e2e;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

constexpr ExamplePorts kPorts{22379, 22900, 22901, 22540, 22433, 22434};

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void note(const std::string& what, double secs) { std::fprintf(stderr, "[example] %s: %.1f s\n", what.c_str(), secs); }

// A one-shot "migrate" in the turfoo project (it writes a marker row, which
// creates the ticks table); the workers wait until it has exited 0.
void add_migrate(ExampleCopy& ex) {
    std::string migrate =
        "      migrate:            # one-shot: the workers wait until it exits 0\n"
        "        build: " + std::string(INFRACTL_SOURCE_DIR) + "/examples/turfoo\n"
        "        command: [\"python3\", \"-c\", \"from turfoo import db; db.insert('ticks', {'worker': 'migrate'})\"]\n"
        "        environment:\n"
        "          DATABASE_URL: postgresql://turfoo:dev@" + ex.turfoo() + "-postgres:5432/turfoo_db\n"
        "        depends_on:\n"
        "          postgres: {condition: service_healthy}\n\n"
        "      celery-worker:      # containers";
    // The turfoo worker is the first service naming its project's postgres in a URL.
    std::size_t worker = ex.topology.find("@" + ex.turfoo() + "-postgres:");
    const std::string dep = "          postgres: {condition: service_healthy}\n";
    std::size_t at = worker == std::string::npos ? worker : ex.topology.find(dep, worker);
    if (at == std::string::npos) throw std::runtime_error("the turfoo worker no longer waits for postgres");
    ex.topology.insert(at + dep.size(), "          migrate: {condition: service_completed_successfully}\n");
    replace_all(ex.topology, "      celery-worker:      # containers", migrate);
}

json status_json(const ExampleCopy& ex) {
    RunResult r = ex.run({"status", "-o", "json"}, 60s);
    INFO(r.str());
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

const json& service_of(const json& status, const std::string& name) {
    for (const auto& s : status["services"])
        if (s["service"] == name) return s;
    FAIL("status has no service " << name << ": " << status.dump(1));
    throw std::logic_error("unreachable");
}

std::vector<std::string> workers(const ExampleCopy& ex) {
    std::vector<std::string> out;
    for (const auto& n : stack_containers(ex.stack()))
        if (n.rfind(ex.turfoo() + "-celery-worker-", 0) == 0) out.push_back(n);
    return out;
}

std::string inspect(const std::string& container, const std::string& format) {
    RunResult r = docker({"inspect", "-f", format, container});
    if (r.exit_code != 0) return "";
    std::string s = r.out;
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// RFC 3339 with nanoseconds, as the engine prints: "2024-05-01T10:00:00.123456789Z";
// the fraction's trailing zeros are dropped, so pad before comparing.
std::string sortable_time(const std::string& t) {
    auto dot = t.find('.');
    auto z = t.find('Z');
    if (dot == std::string::npos || z == std::string::npos) return t;
    std::string frac = t.substr(dot + 1, z - dot - 1);
    frac.resize(9, '0');
    return t.substr(0, dot) + "." + frac;
}

// `celery inspect ping` to each worker by node name (celery@<hostname>).
bool all_workers_answer(const std::vector<std::string>& names, std::string& last) {
    std::string dest;
    std::vector<std::string> nodes;
    for (const auto& n : names) {
        nodes.push_back("celery@" + inspect(n, "{{.Config.Hostname}}"));
        dest += (dest.empty() ? "" : ",") + nodes.back();
    }
    RunResult r = docker({"exec", names.front(), "celery", "-A", "turfoo.celery_app", "inspect", "ping", "-t", "5",
                          "-d", dest},
                         {.timeout = 40s});
    last = r.str();
    for (const auto& node : nodes)
        if (r.out.find(node + ": OK") == std::string::npos) return false;
    return true;
}

long records(const ExampleCopy& ex) {
    auto n = pg_count(ex.ports().turfoo_pg, "turfoo", "turfoo_db", "records");
    return n ? *n : -1;
}

}  // namespace

TEST_CASE("example: dev profile on real images: tasks - scale - overrides", "[e2e][example]") {
    require_engine();
    ExampleCopy ex("x1", kPorts);
    StackGuard guard(ex.stack());
    add_migrate(ex);
    ex.write();
    const std::string worker = ex.turfoo() + "-celery-worker";

    // 1. up --wait: every service healthy or running, the one-shot completed.
    auto t0 = std::chrono::steady_clock::now();
    RunResult up = ex.run({"up", "--wait", "--wait-timeout", "240s"}, 300s);
    note("up --wait (dev profile, 2 projects, postgres init)", seconds_since(t0));
    INFO(up.str());
    REQUIRE(up.exit_code == 0);

    json st = status_json(ex);
    INFO(st.dump(1));
    for (const std::string name : {"redis", "minio", "redisinsight"}) {
        const json& s = service_of(st, name);
        CHECK(s["ok"] == true);
        CHECK(s["running"] == 1);
    }
    CHECK(service_of(st, "redis")["healthy"] == 1);
    CHECK(service_of(st, "redis")["image"] == "infractl-local/redis:7");
    CHECK(service_of(st, "minio")["image"] == "infractl-local/s3:1");
    for (const auto& p : {ex.turfoo(), ex.order()}) {
        CHECK(service_of(st, p + "/postgres")["healthy"] == 1);
        CHECK(service_of(st, p + "/postgres")["ok"] == true);
        CHECK(service_of(st, p + "/celery-worker")["running"] == 1);
        CHECK(service_of(st, p + "/celery-worker")["ok"] == true);
        CHECK(service_of(st, p + "/celery-beat")["running"] == 1);
    }
    // The one-shot ran to completion before the first worker started.
    const json& migrate = service_of(st, ex.turfoo() + "/migrate");
    CHECK(migrate["containers"][0]["state"] == "exited (0)");
    CHECK(migrate["ok"] == true);
    std::string migrate_end = sortable_time(inspect(ex.turfoo() + "-migrate-1", "{{.State.FinishedAt}}"));
    std::string worker_start = sortable_time(inspect(worker + "-1", "{{.State.StartedAt}}"));
    CHECK(!migrate_end.empty());
    CHECK(migrate_end <= worker_start);
    // The S3 stand-in answers through its published port.
    CHECK(run({"curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:" + std::to_string(kPorts.minio) +
                                                       "/minio/health/live"})
              .exit_code == 0);

    // 2. Tasks reach the workers through redis and land in PostgreSQL.
    t0 = std::chrono::steady_clock::now();
    RunResult sent = docker({"exec", worker + "-1", "python3", "-m", "turfoo.send_tasks", "10", "--wait", "60"},
                            {.timeout = 90s});
    note("10 tasks sent and executed", seconds_since(t0));
    INFO(sent.str());
    CHECK(sent.out.find("10 results, sum 55") != std::string::npos);
    CHECK(wait_until([&] { return records(ex) == 10; }, 20s, 500ms));
    RunResult order = docker({"exec", ex.order() + "-celery-worker-1", "python3", "-m", "order.send_tasks", "3",
                              "--wait", "60"},
                             {.timeout = 90s});
    INFO(order.str());
    CHECK(order.out.find("3 results, sum 6") != std::string::npos);
    CHECK(pg_count(kPorts.order_pg, "order", "order_db", "records") == std::optional<long>(3));

    // 3. scale to five: each worker answers a ping by its node name.
    t0 = std::chrono::steady_clock::now();
    RunResult scaled = ex.run({"scale", ex.turfoo(), "celery-worker=5"});
    INFO(scaled.str());
    REQUIRE(scaled.exit_code == 0);
    REQUIRE(workers(ex).size() == 5);
    std::string last_ping;
    CHECK(wait_until([&] { return all_workers_answer(workers(ex), last_ping); }, 90s, 1s));
    note("scale 1 -> 5 until all five answer ping", seconds_since(t0));
    INFO(last_ping);

    // 4. A singleton refuses, with the topology's reason, and nothing changes.
    auto before = stack_containers(ex.stack());
    RunResult beat = ex.run({"scale", ex.turfoo(), "celery-beat=2"});
    INFO(beat.str());
    CHECK(beat.exit_code == 1);
    CHECK(beat.err.find(ex.turfoo() + "/celery-beat is a singleton: multiple beat instances cause duplicate "
                                      "scheduled tasks") != std::string::npos);
    CHECK(stack_containers(ex.stack()) == before);
    CHECK_FALSE(service_of(status_json(ex), ex.turfoo() + "/celery-beat").contains("override"));

    // 5. up keeps the five; plan and status know about the override.
    RunResult again = ex.run({"up"});
    INFO(again.str());
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("No changes.") != std::string::npos);
    CHECK(workers(ex).size() == 5);
    const json wst = service_of(status_json(ex), ex.turfoo() + "/celery-worker");
    CHECK(wst["override"] == "scaled to 5 (topology: 1)");
    CHECK(wst["desired"] == 5);
    CHECK(wst["running"] == 5);

    // 6. 5 -> 2 while tasks are being sent: none is lost. The workers ack
    // late, and scale-down stops them with SIGTERM (warm shutdown) and the
    // topology's 30 s grace.
    CHECK(inspect(worker + "-5", "{{.Config.StopSignal}}") == "SIGTERM");
    const long base = records(ex);
    REQUIRE(base == 10);
    constexpr int kSent = 200;
    auto sender = std::async(std::launch::async, [&] {
        return docker({"exec", worker + "-1", "python3", "-m", "turfoo.send_tasks", std::to_string(kSent), "--delay",
                       "0.1"},
                      {.timeout = 120s});
    });
    std::this_thread::sleep_for(2s);  // the first tasks are in flight
    t0 = std::chrono::steady_clock::now();
    RunResult down = ex.run({"scale", ex.turfoo(), "celery-worker=2", "-vv"});
    note("scale 5 -> 2 under load", seconds_since(t0));
    INFO(down.str());
    CHECK(down.exit_code == 0);
    CHECK(down.err.find("/stop?t=30") != std::string::npos);  // the grace period reached the engine
    RunResult sender_result = sender.get();
    INFO(sender_result.str());
    CHECK(sender_result.out.find("sent 200 record tasks") != std::string::npos);
    CHECK(workers(ex) == std::vector<std::string>{worker + "-1", worker + "-2"});
    t0 = std::chrono::steady_clock::now();
    bool all = wait_until([&] { return records(ex) >= base + kSent; }, 120s, 1s);
    std::this_thread::sleep_for(3s);  // a duplicate would show up now
    note("200 tasks drained after the scale-down", seconds_since(t0));
    CHECK(all);
    CHECK(records(ex) == base + kSent);
    std::fprintf(stderr, "[example] sent %d, executed %ld\n", kSent, records(ex) - base);

    // 7. The override survives a new process: plan has nothing to do.
    RunResult plan = ex.run({"plan", "--detailed-exitcode"});
    INFO(plan.str());
    CHECK(plan.exit_code == 0);
    CHECK(service_of(status_json(ex), ex.turfoo() + "/celery-worker")["override"] == "scaled to 2 (topology: 1)");

    // 8. reset goes back to the topology's count.
    RunResult reset = ex.run({"scale", ex.turfoo(), "celery-worker=reset"});
    INFO(reset.str());
    CHECK(reset.exit_code == 0);
    CHECK(workers(ex) == std::vector<std::string>{worker + "-1"});
    CHECK_FALSE(service_of(status_json(ex), ex.turfoo() + "/celery-worker").contains("override"));

    // 9. An override lapses when the files' own count changes, for good:
    // going back to the old count does not bring it back.
    REQUIRE(ex.run({"scale", ex.turfoo(), "celery-worker=2"}).exit_code == 0);
    const std::string dev_profile = ex.profile;
    ex.profile = ex.profile + "\nprojects:\n  " + ex.turfoo() + ":\n    services:\n      celery-worker: {replicas: 3}\n";
    ex.write();
    RunResult lapsed = ex.run({"plan"});
    INFO(lapsed.str());
    CHECK(lapsed.exit_code == 0);
    CHECK(lapsed.out.find("+ container " + worker + "-3") != std::string::npos);
    CHECK(lapsed.out.find("- container " + worker) == std::string::npos);
    const json lst = service_of(status_json(ex), ex.turfoo() + "/celery-worker");
    CHECK_FALSE(lst.contains("override"));
    CHECK(lst["desired"] == 3);
    // plan is read-only: it ignored the lapsed count but kept it, so going
    // back now would revive it. The next writing command forgets it for good.
    CHECK_THAT(lapsed.err, Catch::Contains("no longer applies"));
    RunResult forget = ex.run({"up"});
    INFO(forget.str());
    REQUIRE(forget.exit_code == 0);
    CHECK(workers(ex) == std::vector<std::string>{worker + "-1", worker + "-2", worker + "-3"});
    ex.profile = dev_profile;
    ex.write();
    RunResult back = ex.run({"plan"});
    INFO(back.str());
    CHECK(back.out.find("- container " + worker + "-2") != std::string::npos);
    CHECK(back.out.find("- container " + worker + "-3") != std::string::npos);
}
