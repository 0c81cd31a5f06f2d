#include "example_support.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace infractl::e2e {

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    std::size_t pos = text.find(from);
    if (pos == std::string::npos) throw std::runtime_error("the example no longer contains '" + from + "'");
    for (; pos != std::string::npos; pos = text.find(from, pos + to.size())) text.replace(pos, from.size(), to);
}

ExampleCopy::ExampleCopy(const std::string& tag, ExamplePorts ports)
    : tag_(tag), stack_("e2ex-" + tag), ports_(ports) {
    std::string src = INFRACTL_SOURCE_DIR;
    topology = read_text(src + "/specs/monorepo.yaml");
    profile = read_text(src + "/profiles/dev.yaml");
    if (topology.empty() || profile.empty()) throw std::runtime_error("cannot read the example under " + src);
    replace_all(topology, "stack: monorepo", "stack: " + stack_);
    replace_all(topology, "\"127.0.0.1:6379:6379\"", fmt::format("\"127.0.0.1:{}:6379\"", ports.redis));
    replace_all(topology, "\"9000:9000\"", fmt::format("\"{}:9000\"", ports.minio));
    replace_all(topology, "\"9001:9001\"", fmt::format("\"{}:9001\"", ports.minio_console));
    replace_all(topology, "\"5540:5540\"", fmt::format("\"{}:5540\"", ports.redisinsight));
    replace_all(topology, "\"127.0.0.1:5433:5432\"", fmt::format("\"127.0.0.1:{}:5432\"", ports.turfoo_pg));
    replace_all(topology, "\"127.0.0.1:5434:5432\"", fmt::format("\"127.0.0.1:{}:5432\"", ports.order_pg));
    if (ports.prometheus != 0)
        replace_all(topology, "\"127.0.0.1:9090:9090\"", fmt::format("\"127.0.0.1:{}:9090\"", ports.prometheus));
    // The exporter container mounts the profiles folder: beside the copy's topology.
    replace_all(topology, "- ../profiles:/example/profiles:ro", "- ./profiles:/example/profiles:ro");
    // The build contexts below become absolute paths: the exporter container
    // sees them at the same path.
    replace_all(topology, "- ../examples:/example/examples:ro", "- " + src + "/examples:" + src + "/examples:ro");
    prometheus = read_text(src + "/specs/monitoring/prometheus.yml");
    for (const std::string p : {"turfoo", "order"}) {
        replace_all(topology, "\n  " + p + ":\n    services:", "\n  " + tag + "-" + p + ":\n    services:");
        replace_all(topology, "@" + p + "-postgres:", "@" + tag + "-" + p + "-postgres:");
        // The Celery apps are built from the repository's examples/ (the copy
        // lives elsewhere, so the relative context becomes absolute).
        replace_all(topology, "build: ../examples/" + p + "\n", "build: " + src + "/examples/" + p + "\n");
        replace_all(topology, "DATA_SOURCE_URI: " + p + "-postgres:", "DATA_SOURCE_URI: " + tag + "-" + p + "-postgres:");
        replace_all(prometheus, "\"" + p + "-postgres-exporter:", "\"" + tag + "-" + p + "-postgres-exporter:");
        replace_all(prometheus, "{project: " + p + "}", "{project: " + tag + "-" + p + "}");
    }
}

// The content-addressed tags the copy's `up` built (infractl-build/<project>-<service>:<hash>).
// The containers are gone by now: the test's StackGuard is declared after the copy.
ExampleCopy::~ExampleCopy() {
    for (const std::string& p : {turfoo(), order()})
        for (const char* service : {"celery-worker", "celery-beat", "migrate"}) untag_repository("infractl-build/" + p + "-" + service);
}

void ExampleCopy::write() const {
    dir_.write("monorepo.yaml", topology);
    dir_.write("profiles/" + profile_name + ".yaml", profile);
    dir_.write("monitoring/prometheus.yml", prometheus);
    // The files of its `secrets:` (relative to the topology's folder).
    std::string src = INFRACTL_SOURCE_DIR;
    for (const char* f : {"secrets/turfoo-db-password.txt", "secrets/order-db-password.txt"})
        dir_.write(f, read_text(src + "/specs/" + f));
}

std::vector<std::string> ExampleCopy::global_args() const {
    return {"-f", dir_.path() + "/monorepo.yaml", "--images",
            std::string(INFRACTL_SOURCE_DIR) + "/profiles/images-local.yaml"};
}

std::vector<std::pair<std::string, std::string>> ExampleCopy::env() const {
    return {{"INFRACTL_STATE_DIR", dir_.path() + "/state"}, {"NO_COLOR", "1"}};
}

RunResult ExampleCopy::run(const std::vector<std::string>& args, std::chrono::seconds timeout,
                           std::vector<std::pair<std::string, std::string>> extra_env) const {
    std::vector<std::string> argv = args;
    auto g = global_args();
    argv.insert(argv.end(), g.begin(), g.end());
    RunOptions o;
    o.env = env();
    o.env.insert(o.env.end(), extra_env.begin(), extra_env.end());
    o.timeout = timeout;
    return run_infractl(argv, o);
}

std::vector<std::string> stack_containers(const std::string& stack) {
    std::vector<std::string> names;
    for (const auto& c : engine().observe(stack, nullptr).containers) names.push_back(c.name);
    std::sort(names.begin(), names.end());
    return names;
}

std::optional<long> pg_count(int port, const std::string& user, const std::string& db, const std::string& table) {
    std::string conninfo = fmt::format("host=127.0.0.1 port={} user={} password=dev dbname={} connect_timeout=3",
                                       port, user, db);
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        PQfinish(conn);
        return std::nullopt;
    }
    // Two steps: a subquery on a missing table fails at planning time.
    PGresult* exists = PQexec(conn, fmt::format("SELECT to_regclass('{}') IS NOT NULL", table).c_str());
    std::optional<long> out;
    if (PQresultStatus(exists) == PGRES_TUPLES_OK && PQntuples(exists) == 1) {
        if (std::string(PQgetvalue(exists, 0, 0)) != "t") {
            out = 0;
        } else {
            PGresult* r = PQexec(conn, fmt::format("SELECT count(*) FROM {}", table).c_str());
            if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) out = std::stol(PQgetvalue(r, 0, 0));
            PQclear(r);
        }
    }
    PQclear(exists);
    PQfinish(conn);
    return out;
}

std::optional<long> pg_long(int port, const std::string& user, const std::string& db, const std::string& sql) {
    std::string conninfo = fmt::format("host=127.0.0.1 port={} user={} password=dev dbname={} connect_timeout=3",
                                       port, user, db);
    PGconn* conn = PQconnectdb(conninfo.c_str());
    std::optional<long> out;
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult* r = PQexec(conn, sql.c_str());
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
            out = std::stol(PQgetvalue(r, 0, 0));
        PQclear(r);
    }
    PQfinish(conn);
    return out;
}

}  // namespace infractl::e2e
