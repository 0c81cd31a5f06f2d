// backup and restore against the real dockerd and real PostgreSQL (issue 14,
// point 5): a round trip into a fresh volume of ANOTHER project proven by
// checksums of table contents, the refusal of a non-empty database without
// --clean, the s3:// round trip through the stack's S3 store (multipart),
// restore into a managed endpoint that only a URL reaches (a PostgreSQL
// container this test starts, unlabelled, standing in for RDS), and the
// one-line errors with their exit codes.
#include <fmt/format.h>
#include <libpq-fe.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPgImage = "infractl-local/postgres:15-r2";
constexpr const char* kS3Image = "infractl-local/s3:1";
constexpr int kS3Port = 27101, kPortA = 27102, kPortB = 27103, kRdsPort = 27104;
constexpr const char* kPwA = "pw-alice-never-printed";
constexpr const char* kPwB = "pw-bob-never-printed";
constexpr const char* kS3Secret = "s3-secret-never-printed";
constexpr const char* kRdsPw = "rds-secret-never-printed";

// The first value of `sql`'s first row through the published port;
// nullopt when the server does not answer or the query fails.
std::optional<std::string> pg_value(int port, const std::string& user, const std::string& password,
                                    const std::string& db, const std::string& sql) {
    std::string conninfo = fmt::format(
        "host=127.0.0.1 port={} user={} password={} dbname={} connect_timeout=3", port, user, password, db);
    PGconn* conn = PQconnectdb(conninfo.c_str());
    std::optional<std::string> out;
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult* r = PQexec(conn, sql.c_str());
        auto st = PQresultStatus(r);
        if (st == PGRES_TUPLES_OK && PQntuples(r) >= 1)
            out = PQgetvalue(r, 0, 0);
        else if (st == PGRES_COMMAND_OK)
            out = "";
        else
            UNSCOPED_INFO("query failed: " << PQerrorMessage(conn));
        PQclear(r);
    }
    PQfinish(conn);
    return out;
}

struct Db {
    int port;
    std::string user, password, db;
    std::optional<std::string> q(const std::string& sql) const {
        return pg_value(port, user, password, db, sql);
    }
    bool ready() const { return q("SELECT 1") == "1"; }
};

// md5 of every row of both tables, in id order: equal only when the contents are.
std::string checksums(const Db& d) {
    auto t = d.q("SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM t");
    auto u = d.q("SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM u");
    return t.value_or("?") + "/" + u.value_or("?");
}

void fill(const Db& d, int rows) {
    REQUIRE(
        d.q("CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, n bigint, at timestamptz)").has_value());
    REQUIRE(d.q("CREATE TABLE u (id int PRIMARY KEY, h text, b bytea)").has_value());
    REQUIRE(
        d.q(fmt::format("INSERT INTO t SELECT i, 'row ' || i || ' é', i * 7919, "
                        "'2026-01-01'::timestamptz + i * interval '1 minute' FROM generate_series(1, {}) i",
                        rows))
            .has_value());
    // Hex of hashes compresses little: with enough rows the archive passes a 5 MiB S3 part.
    REQUIRE(
        d.q(fmt::format(
                "INSERT INTO u SELECT i, md5(i::text) || md5((i * 31)::text), decode(md5(i::text), 'hex') "
                "FROM generate_series(1, {}) i",
                rows))
            .has_value());
}

RcService postgres(const std::string& project, const std::string& user, const std::string& pw,
                   const std::string& db, int port) {
    RcService s{.key = "postgres", .project = project, .singleton = true, .image = kPgImage};
    s.env = {{"POSTGRES_USER", user}, {"POSTGRES_PASSWORD", pw}, {"POSTGRES_DB", db}};
    s.volumes = {"pgdata:/var/lib/postgresql/data"};
    s.health_test =
        fmt::format(R"(["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "{}", "-d", "{}"])", user, db);
    s.extra = {fmt::format(R"(ports: ["127.0.0.1:{}:5432"])", port), "stop_signal: SIGINT"};
    return s;
}

RcService s3_store() {
    RcService s{.key = "minio", .image = kS3Image};
    s.env = {{"MINIO_ROOT_USER", "bkadmin"}, {"MINIO_ROOT_PASSWORD", kS3Secret}, {"S3_SILENT", "1"}};
    s.health_test = R"(["CMD", "curl", "-fs", "http://127.0.0.1:9000/minio/health/live"])";
    s.extra = {fmt::format(R"(ports: ["127.0.0.1:{}:9000"])", kS3Port)};
    return s;
}

std::vector<RcService> services() {
    RcService web{.key = "web", .project = "bka"};
    return {s3_store(), postgres("bka", "alice", kPwA, "shop", kPortA),
            postgres("bkb", "bob", kPwB, "store", kPortB), web};
}

void no_secret_in(const RunResult& r) {
    for (const char* pw : {kPwA, kPwB, kS3Secret, kRdsPw}) {
        CHECK(r.out.find(pw) == std::string::npos);
        CHECK(r.err.find(pw) == std::string::npos);
    }
}

std::vector<std::string> files_in(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

long count_line(const std::string& text, const std::string& line) {
    long n = 0;
    for (const auto& l : lines_with(text, line)) n += l == line;
    return n;
}

const Db kA{kPortA, "alice", kPwA, "shop"};
const Db kB{kPortB, "bob", kPwB, "store"};

RcStack& up_stack(RcStack& st) {
    require_local_image("postgres", kPgImage);
    require_local_image("s3", kS3Image);
    RunResult up = st.run({"up", "--wait"}, {.timeout = 240s});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    REQUIRE(wait_until([] { return kA.ready() && kB.ready(); }, 60s, 500ms));
    return st;
}

}  // namespace

TEST_CASE(
    "backup and restore: into another project's fresh volume, checksums equal; --clean over a non-empty one",
    "[e2e][backup]") {
    RcStack st("e2e-backup", {"net"}, services());
    up_stack(st);
    fill(kA, 3000);
    std::string source = checksums(kA);
    REQUIRE(source.find('?') == std::string::npos);

    TempDir out;
    std::string dump = out.path() + "/shop.dump";
    RunResult backup = st.run({"backup", "bka", "postgres", "--to", dump});
    INFO(backup.str());
    REQUIRE(backup.exit_code == 0);
    CHECK(backup.out.starts_with("backed up database 'shop' of bka/postgres#1 (bka-postgres) to " + dump +
                                 ": "));
    CHECK(backup.err.empty());  // no progress off a terminal
    no_secret_in(backup);
    CHECK(read_text(dump).starts_with("PGDMP"));
    CHECK(files_in(out.path()) == std::vector<std::string>{"shop.dump"});  // no temporary left

    // On a terminal: the progress line (bytes, rate), then the summary.
    std::string tty_dump = out.path() + "/tty.dump";
    std::string cmd;
    for (const auto& a : st.argv({"backup", "bka", "postgres", "--to", tty_dump})) cmd += a + " ";
    EnvVars tty_env = st.env();
    tty_env.push_back({"TERM", "xterm"});
    RunResult tty = run({"script", "-qefc", cmd, "/dev/null"}, {.env = tty_env});
    INFO(tty.str());
    CHECK(tty.exit_code == 0);
    CHECK(tty.out.find("\r\x1b[Kbackup " + tty_dump + ": ") != std::string::npos);
    CHECK(tty.out.find("/s") != std::string::npos);
    CHECK(tty.out.find("backed up database 'shop'") != std::string::npos);
    no_secret_in(tty);
    CHECK(read_text(tty_dump).starts_with("PGDMP"));
    std::filesystem::remove(tty_dump);

    RunResult restore = st.run({"restore", "bkb", "postgres", "--from", dump});
    INFO(restore.str());
    REQUIRE(restore.exit_code == 0);
    CHECK(restore.out.starts_with("restored " + dump +
                                  " into database 'store' of bkb/postgres#1 (bkb-postgres): "));
    no_secret_in(restore);
    CHECK(checksums(kB) == source);
    // --no-owner: the target project's role owns what it restored.
    CHECK(kB.q("SELECT tableowner FROM pg_tables WHERE tablename = 't'") == "bob");

    // Not empty now: refused, one line, nothing changed.
    REQUIRE(kB.q("DELETE FROM t WHERE id > 100").has_value());
    std::string changed = checksums(kB);
    RunResult refused = st.run({"restore", "bkb", "postgres", "--from", dump});
    INFO(refused.str());
    CHECK(refused.exit_code == 1);
    CHECK(refused.err ==
          "infractl: refusing to restore into bkb/postgres#1 (bkb-postgres): database 'store' is not empty "
          "(2 tables: "
          "public.t, public.u) (hint: --clean drops and recreates what the archive holds first (pg_restore "
          "--clean "
          "--if-exists))\n");
    CHECK(checksums(kB) == changed);

    RunResult clean = st.run({"restore", "bkb", "postgres", "--from", dump, "--clean"});
    INFO(clean.str());
    REQUIRE(clean.exit_code == 0);
    CHECK(checksums(kB) == source);

    // A restore that fails changes nothing (one transaction), and says why:
    // a view of the user's depends on t, so --clean cannot drop t.
    REQUIRE(kB.q("DELETE FROM t WHERE id > 10").has_value());
    REQUIRE(kB.q("CREATE VIEW keep_me AS SELECT id FROM t").has_value());
    std::string before = checksums(kB);
    RunResult blocked = st.run({"restore", "bkb", "postgres", "--from", dump, "--clean"});
    INFO(blocked.str());
    CHECK(blocked.exit_code == 1);
    CHECK(blocked.err.find("pg_restore: error:") != std::string::npos);  // pg_restore's own stderr first
    CHECK(blocked.err.find("infractl: pg_restore in bkb/postgres#1 (bkb-postgres) failed with exit code 1; it ran in "
                           "one transaction, so the database is as it was\n") != std::string::npos);
    CHECK(checksums(kB) == before);
    CHECK(kB.q("SELECT count(*) FROM keep_me") == "10");

    // A cut archive (the magic is there, the rest is not) fails the same way.
    std::string cut = out.path() + "/cut.dump";
    std::string bytes = read_text(dump);
    {
        std::ofstream f(cut, std::ios::binary);
        f << bytes.substr(0, bytes.size() / 2);
    }
    REQUIRE(kB.q("DROP VIEW keep_me").has_value());
    RunResult truncated = st.run({"restore", "bkb", "postgres", "--from", cut, "--clean"});
    INFO(truncated.str());
    CHECK(truncated.exit_code == 1);
    CHECK(truncated.err.find("infractl: pg_restore in bkb/postgres#1 (bkb-postgres) failed") != std::string::npos);
    CHECK(checksums(kB) == before);
}

TEST_CASE("backup and restore: one-line errors, exit codes, no file left by a failed backup",
          "[e2e][backup]") {
    RcStack st("e2e-backup-err", {"net"}, services());
    up_stack(st);
    TempDir out;
    std::string dump = out.path() + "/x.dump";

    static const struct {
        std::vector<std::string> args;
        int code;
        const char* err;
    } cases[] = {
        {{"backup", "nosuch", "postgres", "--to", "X"}, 1, "infractl: unknown project 'nosuch'"},
        {{"backup", "bka", "nosuch", "--to", "X"}, 1, "infractl: unknown service 'nosuch' in project 'bka'"},
        {{"backup", "bka", "web", "--to", "X"},
         1,
         "infractl: bka/web is not a PostgreSQL service (image infractl-test/busybox:1) (hint: backup and "
         "restore work "
         "on services whose image is PostgreSQL's)\n"},
        {{"backup", "bka", "postgres", "--to", "s3://Bad/k"},
         1,
         "infractl: s3://Bad/k: 'Bad' is not an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-') (hint: "
         "write "
         "s3://BUCKET/KEY, e.g. s3://backups/turfoo/2026-12-02.dump)\n"},
        {{"backup", "bka", "postgres", "--to", "/nonexistent-dir/x.dump"},
         1,
         "infractl: cannot write /nonexistent-dir/x.dump.tmp."},
        {{"backup", "bka", "postgres"}, 64, "--to is required"},
    };
    for (const auto& c : cases) {
        RunResult r = st.run(c.args);
        INFO(r.str());
        CHECK(r.exit_code == c.code);
        CHECK(r.err.find(c.err) != std::string::npos);
        if (c.code == 1) CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }

    // Not an archive: refused before anything runs, whatever the database holds.
    std::string text = out.path() + "/plain.sql";
    std::filesystem::copy_file(st.topology_path(), text);
    RunResult plain = st.run({"restore", "bkb", "postgres", "--from", text});
    INFO(plain.str());
    CHECK(plain.exit_code == 1);
    CHECK(plain.err ==
          "infractl: " + text +
              " is not a pg_dump custom archive (it does not start with PGDMP) (hint: restore reads what "
              "`infractl backup` or `pg_dump --format=custom` wrote)\n");
    RunResult missing = st.run({"restore", "bkb", "postgres", "--from", out.path() + "/none.dump"});
    CHECK(missing.exit_code == 1);
    CHECK(missing.err == "infractl: cannot read " + out.path() + "/none.dump: No such file or directory\n");

    // pg_dump fails (the topology names a database the server does not
    // have; the container is unchanged): its stderr is shown, the exit is
    // 1, and neither the file nor a temporary is left.
    auto svcs = services();
    svcs[1].env["POSTGRES_DB"] = "nosuchdb";
    st.set_services(svcs);
    RunResult failed = st.run({"backup", "bka", "postgres", "--to", dump});
    INFO(failed.str());
    CHECK(failed.exit_code == 1);
    CHECK(failed.err.find("database \"nosuchdb\" does not exist") != std::string::npos);
    CHECK(failed.err.find(
              "infractl: pg_dump in bka/postgres#1 (bka-postgres) failed with exit code 1; nothing was "
              "written to " +
              dump + "\n") != std::string::npos);
    CHECK(files_in(out.path()) == std::vector<std::string>{"plain.sql"});
    st.set_services(services());

    // No running replica.
    REQUIRE(docker({"stop", "-t", "5", "bka-postgres"}).exit_code == 0);
    RunResult stopped = st.run({"backup", "bka", "postgres", "--to", dump});
    INFO(stopped.str());
    CHECK(stopped.exit_code == 1);
    CHECK(stopped.err ==
          "infractl: bka/postgres has no running replica (hint: start it with `infractl up`; `infractl "
          "status` shows its replicas)\n");

    // The S3 store is down: one line, exit 69, before pg_dump runs.
    REQUIRE(docker({"stop", "-t", "5", "e2e-backup-err-minio"}).exit_code == 0);
    RunResult s3down = st.run({"backup", "bkb", "postgres", "--to", "s3://backups/b.dump"});
    INFO(s3down.str());
    CHECK(s3down.exit_code == 69);
    CHECK(
        s3down.err.starts_with(fmt::format("infractl: S3 bucket 'backups': cannot reach the S3 store 'minio' "
                                           "(http://127.0.0.1:{}): ",
                                           kS3Port)));
    CHECK(std::count(s3down.err.begin(), s3down.err.end(), '\n') == 1);
    no_secret_in(s3down);
}

TEST_CASE(
    "backup and restore through the stack's S3 store: bucket created, multipart upload, checksums equal",
    "[e2e][backup]") {
    RcStack st("e2e-backup-s3", {"net"}, services());
    up_stack(st);
    fill(kA, 150000);
    std::string source = checksums(kA);

    // 5 MiB parts (S3's minimum): this archive needs two or more.
    EnvVars parts = {{"INFRACTL_S3_PART_SIZE", std::to_string(5 * 1024 * 1024)}};
    RunResult backup =
        st.run({"backup", "bka", "postgres", "--to", "s3://backups/bka/shop.dump"}, {.env = parts});
    INFO(backup.str());
    REQUIRE(backup.exit_code == 0);
    no_secret_in(backup);
    CHECK(backup.out.find(" to s3://backups/bka/shop.dump: ") != std::string::npos);
    // The object as the store keeps it: bigger than one part, a custom archive.
    RunResult size =
        docker({"exec", "e2e-backup-s3-minio", "sh", "-c",
                "find /data/backups -type f -name 'shop.dump*' ! -name '*.json' -size +5120k | wc -l"});
    INFO(size.str());
    CHECK(size.out == "1\n");

    RunResult restore = st.run({"restore", "bkb", "postgres", "--from", "s3://backups/bka/shop.dump"});
    INFO(restore.str());
    REQUIRE(restore.exit_code == 0);
    no_secret_in(restore);
    CHECK(checksums(kB) == source);

    // Ctrl-C while the file is being written: neither the file nor its temporary stays.
    TempDir out;
    std::string dump = out.path() + "/cut.dump";
    Spawned cut(st.argv({"backup", "bka", "postgres", "--to", dump}), st.env(), st.dir() + "/cut");
    bool writing = wait_until([&] { return !files_in(out.path()).empty(); }, 20s, 20ms);
    cut.signal(SIGINT);
    RunResult ended = cut.wait(30s);
    INFO(ended.str());
    REQUIRE(writing);
    CHECK(ended.exit_code == 130);
    CHECK(files_in(out.path()).empty());

    RunResult nokey = st.run({"restore", "bkb", "postgres", "--from", "s3://backups/nosuch.dump", "--clean"});
    INFO(nokey.str());
    CHECK(nokey.exit_code == 1);
    CHECK(nokey.err.starts_with("infractl: S3 GET s3://backups/nosuch.dump: the S3 store 'minio'"));
    CHECK(nokey.err.find("NoSuchKey") != std::string::npos);
}

TEST_CASE(
    "backup and restore through a managed S3 store: every request carries a SigV4 signature an independent "
    "check accepts",
    "[e2e][backup]") {
    // s3rver checks no signature; a proxy in front of it recomputes each one
    // (tests/e2e/support/sigv4_proxy.py) and logs OK or BAD per request.
    RcStack st("e2e-backup-sig", {"net"}, services());
    up_stack(st);
    fill(kA, 150000);
    std::string source = checksums(kA);
    constexpr int kProxyPort = 27105;
    std::string log = st.dir() + "/sigv4.log";
    Spawned proxy({"/usr/bin/python3", std::string(INFRACTL_SOURCE_DIR) + "/tests/e2e/support/sigv4_proxy.py",
                   "--port", std::to_string(kProxyPort), "--upstream", fmt::format("127.0.0.1:{}", kS3Port),
                   "--secret", kS3Secret, "--log", log, "--seconds", "600"},
                  {}, st.dir() + "/proxy");
    std::string connect =
        fmt::format("import socket; socket.create_connection(('127.0.0.1', {}), 1)", kProxyPort);
    REQUIRE(wait_until([&] { return run({"python3", "-c", connect}).exit_code == 0; }, 10s, 200ms));

    auto offsite = [&](const std::string& secret) {
        std::string url = fmt::format("http://bkadmin:{}@127.0.0.1:{}", secret, kProxyPort);
        st.write_profile("offsite", {{"minio", "{managed: {endpoint: \"" + url + "\", env: S3_URL}}"}});
    };
    offsite(kS3Secret);
    EnvVars parts = {{"INFRACTL_S3_PART_SIZE", std::to_string(5 * 1024 * 1024)}};
    RunResult backup =
        st.run({"backup", "bka", "postgres", "--to", "s3://offsite/bka.dump", "--profile", "offsite"},
               {.env = parts});
    INFO(backup.str());
    REQUIRE(backup.exit_code == 0);
    no_secret_in(backup);
    RunResult restore =
        st.run({"restore", "bkb", "postgres", "--from", "s3://offsite/bka.dump", "--profile", "offsite"});
    INFO(restore.str());
    REQUIRE(restore.exit_code == 0);
    CHECK(checksums(kB) == source);

    std::string seen = read_text(log);
    INFO(seen);
    CHECK(lines_with(seen, "BAD").empty());
    CHECK(lines_with(seen, "OK HEAD /offsite").size() == 1);
    CHECK(count_line(seen, "OK PUT /offsite") == 1);  // the bucket did not exist
    CHECK(lines_with(seen, "OK POST /offsite/bka.dump?uploads=").size() == 1);
    CHECK(lines_with(seen, "OK PUT /offsite/bka.dump?partNumber=2&uploadId=").size() == 1);
    CHECK(lines_with(seen, "OK POST /offsite/bka.dump?uploadId=").size() == 1);
    CHECK(count_line(seen, "OK GET /offsite/bka.dump") == 2);  // the magic (ranged), then the whole

    // The check can fail: a wrong secret is signed wrongly, which s3rver
    // would accept and the proxy does not.
    offsite("not-the-secret");
    RunResult wrong =
        st.run({"backup", "bka", "postgres", "--to", "s3://offsite/wrong.dump", "--profile", "offsite"});
    INFO(wrong.str());
    CHECK(lines_with(read_text(log), "BAD HEAD /offsite: signature does not match").size() == 1);
}

namespace {

// The stand-in for RDS: unlabelled (infractl must not own it), reached only
// through its URL, removed at the end whatever happens.
struct ManagedPostgres {
    std::string name = "e2e-backup-rds";
    ManagedPostgres() {
        docker({"rm", "-f", name});
        RunResult r = docker({"run", "-d", "--name", name, "-p", fmt::format("127.0.0.1:{}:5432", kRdsPort),
                              "-e", "POSTGRES_USER=rdsadmin", "-e",
                              std::string("POSTGRES_PASSWORD=") + kRdsPw, "-e", "POSTGRES_DB=app", kPgImage});
        if (r.exit_code != 0) throw std::runtime_error("cannot start the managed stand-in: " + r.str());
    }
    ~ManagedPostgres() { docker({"rm", "-f", "-v", name}); }
};

}  // namespace

TEST_CASE("restore into a managed endpoint (a PostgreSQL only a URL reaches) and back up from it",
          "[e2e][backup]") {
    RcStack st("e2e-backup-rds", {"net"}, services());
    up_stack(st);
    ManagedPostgres rds;
    Db managed{kRdsPort, "rdsadmin", kRdsPw, "app"};
    REQUIRE(wait_until([&] { return managed.ready(); }, 60s, 500ms));
    fill(kA, 2000);
    std::string source = checksums(kA);

    TempDir out;
    std::string dump = out.path() + "/shop.dump";
    REQUIRE(st.run({"backup", "bka", "postgres", "--to", dump}).exit_code == 0);

    std::string url = fmt::format("postgresql://rdsadmin:{}@127.0.0.1:{}/app", kRdsPw, kRdsPort);
    st.write_profile("migrate",
                     {{"bka/postgres", "{managed: {endpoint: \"" + url + "\", env: DATABASE_URL}}"}});
    RunResult restore = st.run({"restore", "bka", "postgres", "--from", dump, "--profile", "migrate"});
    INFO(restore.str());
    REQUIRE(restore.exit_code == 0);
    no_secret_in(restore);
    CHECK(
        restore.out.starts_with(fmt::format("restored {} into database 'app' of bka/postgres (managed: "
                                            "postgresql://rdsadmin:(sensitive)@127.0.0.1:{}/app): ",
                                            dump, kRdsPort)));
    CHECK(checksums(managed) == source);
    CHECK(managed.q("SELECT tableowner FROM pg_tables WHERE tablename = 't'") == "rdsadmin");

    RunResult again = st.run({"restore", "bka", "postgres", "--from", dump, "--profile", "migrate"});
    CHECK(again.exit_code == 1);
    CHECK(again.err.starts_with("infractl: refusing to restore into bka/postgres (managed: "));
    no_secret_in(again);

    std::string back = out.path() + "/from-managed.dump";
    RunResult backup = st.run({"backup", "bka", "postgres", "--to", back, "--profile", "migrate"});
    INFO(backup.str());
    REQUIRE(backup.exit_code == 0);
    no_secret_in(backup);
    CHECK(read_text(back).starts_with("PGDMP"));
    // The round trip back into a container: the data is the same again.
    RunResult home = st.run({"restore", "bkb", "postgres", "--from", back});
    INFO(home.str());
    REQUIRE(home.exit_code == 0);
    CHECK(checksums(kB) == source);
}
