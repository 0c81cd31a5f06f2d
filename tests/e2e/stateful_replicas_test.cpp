// PostgreSQL read replicas against the real dockerd and the real PostgreSQL
// of infractl-local/postgres:15-r3 (docs/stateful.md): a row written on the
// primary is read on the replica; a replica removed, stopped or emptied by
// hand is repaired by `up`; scale 1 -> 2 -> 1 drops the removed replica's
// slot; row counts survive every recreate; a volume of another major is
// refused in plan and up with nothing changed.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "support/harness.hpp"

using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

const std::string kPgImage = "infractl-local/postgres:15-r3";
const std::string kPassword = "pgrepl-Secret-7731";  // must never appear in any output

std::string topology(const std::string& stack, const std::string& project, int port, int read_replicas,
                     const std::string& image = kPgImage, const std::string& extra_env = "",
                     const std::string& memory = "512M") {
    return "version: 1\nstack: " + stack + R"(
networks:
  net: {}
secrets:
  db-password: {environment: PGREPL_PW}
projects:
  )" + project + R"(:
    services:
      postgres:
        image: )" + image + R"(
        singleton: "one primary per project: scale reads with read_replicas"
        read_replicas: )" + std::to_string(read_replicas) + R"(
        environment:
          POSTGRES_DB: app
          POSTGRES_USER: app
          POSTGRES_PASSWORD_FILE: /run/secrets/db-password
)" + extra_env + R"(        secrets: [db-password]
        ports: ["127.0.0.1:)" + std::to_string(port) + R"(:5432"]
        volumes: ["pgdata:/var/lib/postgresql/data"]
        resources:
          limits: {memory: )" + memory + R"(}
        healthcheck:
          test: pg_isready -h 127.0.0.1 -U app -d app
          interval: 1s
          timeout: 3s
          retries: 60
      web:
        image: infractl-test/busybox:1
        command: ["/bin/sh", "-c", "trap 'exit 0' TERM INT; while true; do sleep 1 & wait $$!; done"]
        environment:
          DATABASE_URL: postgresql://app:x@)" + project + R"(-postgres:5432/app
        depends_on:
          postgres: {condition: service_healthy}
)";
}

struct Stack {
    std::string stack, project;
    TempDir dir;
    std::string file;
    Stack(std::string s, std::string p) : stack(std::move(s)), project(std::move(p)) {}
    void write(const std::string& text) { file = dir.write("topology.yaml", text); }
    RunResult run(std::vector<std::string> args, std::chrono::seconds timeout = 300s) const {
        args.insert(args.begin() + 1, {"-f", file});
        RunOptions o;
        o.env = {{"PGREPL_PW", kPassword}, {"INFRACTL_STATE_DIR", dir.path() + "/state"}, {"NO_COLOR", "1"}};
        o.timeout = timeout;
        RunResult r = run_infractl(args, o);
        // The replication password reaches the containers as a file only.
        CHECK(r.out.find(kPassword) == std::string::npos);
        CHECK(r.err.find(kPassword) == std::string::npos);
        return r;
    }
    std::string primary() const { return project + "-postgres"; }
    std::string replica(int n) const { return project + "-postgres-replica-" + std::to_string(n); }
};

// One value from psql in `container` over its local socket; "" when it fails.
std::string psql(const std::string& container, const std::string& sql) {
    RunResult r = docker({"exec", container, "psql", "-XtAq", "-U", "app", "-d", "app", "-c", sql});
    if (r.exit_code != 0) return "";
    std::string out = r.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

bool replica_sees(const std::string& replica, const std::string& sql, const std::string& want,
                  std::chrono::seconds timeout = 30s) {
    return wait_until([&] { return psql(replica, sql) == want; }, timeout, 200ms);
}

std::string slots(const Stack& s) {
    return psql(s.primary(), "SELECT coalesce(string_agg(slot_name, ',' ORDER BY slot_name), '') FROM pg_replication_slots");
}

std::string inspect(const std::string& container, const std::string& format) {
    RunResult r = docker({"inspect", "-f", format, container});
    return r.exit_code == 0 ? r.out.substr(0, r.out.find('\n')) : "";
}

void require_up(const Stack& s) {
    RunResult up = s.run({"up", "--wait", "--wait-timeout", "240s"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
}

}  // namespace

TEST_CASE("pg replicas: stream, repair, scale 1-2-1 with slots, rows survive every recreate", "[e2e][pgrepl]") {
    require_engine();
    require_test_images();
    require_local_image("postgres", kPgImage);
    StackGuard guard("e2e-pgrepl");
    const std::string retag = "infractl-test/postgres:15-pgrepl-retag";  // still a postgres repository
    Stack s("e2e-pgrepl", "pgr1");
    s.write(topology(s.stack, s.project, 27001, 1));
    require_up(s);

    // Names, roles, the read URL.
    CHECK(inspect(s.primary(), "{{index .Config.Labels \"io.infractl.role\"}}") == "primary");
    CHECK(inspect(s.replica(1), "{{index .Config.Labels \"io.infractl.role\"}}") == "replica");
    CHECK(inspect(s.replica(1), "{{.State.Health.Status}}") == "healthy");
    std::string web_env = docker({"inspect", "-f", "{{json .Config.Env}}", s.project + "-web-1"}).out;
    CHECK(web_env.find("DATABASE_READ_URL=postgresql://app:x@pgr1-postgres-replica:5432/app") != std::string::npos);
    CHECK(psql(s.replica(1), "SELECT pg_is_in_recovery()") == "t");

    // Written on the primary, read on the replica.
    REQUIRE(psql(s.primary(), "CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 100); SELECT 1") == "1");
    CHECK(replica_sees(s.replica(1), "SELECT count(*) FROM t", "100"));
    CHECK(psql(s.replica(1), "INSERT INTO t VALUES (1)").empty());  // read only

    RunResult st = s.run({"status"});
    INFO(st.str());
    CHECK(st.out.find(s.replica(1) + ": streaming, replay lag ") != std::string::npos);

    // Removed by hand: plan shows it, up repairs it with its data kept.
    docker({"rm", "-f", s.replica(1)});
    RunResult plan = s.run({"plan"});
    INFO(plan.str());
    CHECK(plan.out.find(s.replica(1)) != std::string::npos);
    require_up(s);
    CHECK(replica_sees(s.replica(1), "SELECT count(*) FROM t", "100"));

    // Stopped by hand.
    docker({"stop", s.replica(1)});
    plan = s.run({"plan"});
    CHECK(plan.out.find(s.replica(1)) != std::string::npos);
    require_up(s);
    CHECK(inspect(s.replica(1), "{{.State.Running}}") == "true");

    // Its volume lost its data: the replica seeds itself again.
    docker({"rm", "-f", s.replica(1)});
    RunResult vrm = docker({"volume", "rm", s.stack + "_" + s.project + "_pgdata-replica-1"});
    INFO(vrm.str());
    REQUIRE(vrm.exit_code == 0);
    require_up(s);
    CHECK(replica_sees(s.replica(1), "SELECT count(*) FROM t", "100"));

    // Scale 1 -> 2 -> 1: the second replica streams, then goes with its slot.
    RunResult refused = s.run({"scale", s.project, "postgres=2"});
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find("one primary per project") != std::string::npos);
    RunResult up2 = s.run({"scale", s.project, "postgres-replica=2"});
    INFO(up2.str());
    REQUIRE(up2.exit_code == 0);
    CHECK(wait_until([&] { return inspect(s.replica(2), "{{.State.Health.Status}}") == "healthy"; }, 240s, 500ms));
    REQUIRE(psql(s.primary(), "INSERT INTO t VALUES (101); SELECT 1") == "1");
    CHECK(replica_sees(s.replica(2), "SELECT count(*) FROM t", "101"));
    CHECK(slots(s) == "infractl_replica_1,infractl_replica_2");
    RunResult down1 = s.run({"scale", s.project, "postgres-replica=1"});
    INFO(down1.str());
    REQUIRE(down1.exit_code == 0);
    CHECK(inspect(s.replica(2), "{{.Name}}").empty());
    CHECK(slots(s) == "infractl_replica_1");

    // Rows survive every recreate infractl does.
    auto rows_after = [&](const std::string& what, const std::string& text) {
        INFO(what);
        s.write(text);
        std::string before_id = inspect(s.primary(), "{{.Id}}");
        require_up(s);
        CHECK(psql(s.primary(), "SELECT count(*) FROM t") == "101");
        return before_id != inspect(s.primary(), "{{.Id}}");
    };
    CHECK(rows_after("env change", topology(s.stack, s.project, 27001, 1, kPgImage, "          EXTRA: one\n")));
    rows_after("resource change", topology(s.stack, s.project, 27001, 1, kPgImage, "          EXTRA: one\n", "640M"));
    REQUIRE(docker({"tag", kPgImage, retag}).exit_code == 0);
    CHECK(rows_after("image tag within major 15", topology(s.stack, s.project, 27001, 1, retag, "          EXTRA: one\n", "640M")));
    CHECK(replica_sees(s.replica(1), "SELECT count(*) FROM t", "101"));
    rows_after("replicas added", topology(s.stack, s.project, 27001, 2, retag, "          EXTRA: one\n", "640M"));
    CHECK(replica_sees(s.replica(2), "SELECT count(*) FROM t", "101"));
    rows_after("replicas removed", topology(s.stack, s.project, 27001, 0, retag, "          EXTRA: one\n", "640M"));
    CHECK(inspect(s.replica(1), "{{.Name}}").empty());
    docker({"rmi", retag});
}

TEST_CASE("pg replicas: a volume of another PostgreSQL major is refused in plan and up, nothing changes",
          "[e2e][pgrepl]") {
    require_engine();
    require_test_images();
    require_local_image("postgres", kPgImage);
    StackGuard guard("e2e-pgrepl-major");
    Stack s("e2e-pgrepl-major", "pgr2");
    s.write(topology(s.stack, s.project, 27002, 1));
    const std::string vol = s.stack + "_" + s.project + "_pgdata";
    REQUIRE(docker({"volume", "create", "--label", "io.infractl.stack=" + s.stack, "--label",
                    "io.infractl.project=" + s.project, "--label", "io.infractl.managed-by=infractl", vol})
                .exit_code == 0);
    REQUIRE(docker({"run", "--rm", "-v", vol + ":/d", "infractl-test/busybox:1", "sh", "-c", "echo 14 > /d/PG_VERSION"})
                .exit_code == 0);

    RunResult plan = s.run({"plan"});
    INFO(plan.str());
    CHECK(plan.exit_code != 0);
    std::string want = "pgr2/postgres: volume " + vol + " holds PostgreSQL 14 data (PG_VERSION 14), but image '" +
                       kPgImage + "' runs PostgreSQL 15";
    CHECK(plan.out.find(want) != std::string::npos);
    CHECK(plan.out.find("pg_dump -Fc") != std::string::npos);
    RunResult up = s.run({"up"});
    INFO(up.str());
    CHECK(up.exit_code != 0);
    CHECK(up.err.find(want) != std::string::npos);
    CHECK(up.err.find("pg_restore") != std::string::npos);
    RunResult ps = docker({"ps", "-aq", "--filter", "label=io.infractl.stack=" + s.stack});
    CHECK(ps.out.empty());
    RunResult kept = docker({"run", "--rm", "-v", vol + ":/d:ro", "infractl-test/busybox:1", "cat", "/d/PG_VERSION"});
    CHECK(kept.out == "14\n");
}
