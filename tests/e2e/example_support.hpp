#pragma once
// The bundled example (specs/monorepo.yaml + profiles/dev.yaml) under test-only
// names: a copy in a TempDir whose stack, project names and host ports are
// rewritten so a test never touches the real `monorepo` stack or its ports.
// The Celery apps keep their package names (turfoo/order are the image's
// code); only container/project names change, and the DATABASE_URL hosts
// (which name project containers) follow the project rename.
#include <optional>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace infractl::e2e {

// Replaces every occurrence of `from` in `text`; throws when there is none, so
// a change to the bundled example fails the test instead of silently keeping
// a real name or port.
void replace_all(std::string& text, const std::string& from, const std::string& to);

struct ExamplePorts {
    int redis, minio, minio_console, redisinsight, turfoo_pg, order_pg;
    int prometheus = 0;  // 0: left at the example's 9090 (Prometheus is off unless a profile enables it)
};

class ExampleCopy {
public:
    // `tag` names the stack ("e2ex-<tag>") and prefixes the projects
    // ("<tag>-turfoo", "<tag>-order").
    ExampleCopy(const std::string& tag, ExamplePorts ports);
    ~ExampleCopy();  // removes the image tags its `up` built
    ExampleCopy(const ExampleCopy&) = delete;
    ExampleCopy& operator=(const ExampleCopy&) = delete;

    const std::string& stack() const { return stack_; }
    std::string turfoo() const { return tag_ + "-turfoo"; }
    std::string order() const { return tag_ + "-order"; }
    const ExamplePorts& ports() const { return ports_; }
    const std::string& dir() const { return dir_.path(); }

    // The rewritten files, editable before write() (and after, then write again).
    // `profile` is written as profiles/<profile_name>.yaml; `prometheus` (the
    // staging Prometheus's scrape config, project names rewritten) as
    // monitoring/prometheus.yml.
    std::string topology;
    std::string profile;
    std::string profile_name = "dev";
    std::string prometheus;
    void write() const;

    // infractl with -f <copy>, --images <repo>/profiles/images-local.yaml, a
    // private state dir and NO_COLOR; `env` adds variables.
    RunResult run(const std::vector<std::string>& args, std::chrono::seconds timeout = std::chrono::seconds(240),
                  std::vector<std::pair<std::string, std::string>> env = {}) const;
    std::vector<std::string> global_args() const;
    std::vector<std::pair<std::string, std::string>> env() const;

private:
    std::string tag_;
    std::string stack_;
    ExamplePorts ports_;
    TempDir dir_;
};

// Names of the stack's containers, sorted (via the engine, by label).
std::vector<std::string> stack_containers(const std::string& stack);

// SELECT count(*) FROM <table> through the published port; nullopt when the
// server does not answer; 0 when the table does not exist yet.
std::optional<long> pg_count(int port, const std::string& user, const std::string& db, const std::string& table);

// The one integer a query returns, through the published port (password
// "dev"); nullopt when the server does not answer or the query fails.
std::optional<long> pg_long(int port, const std::string& user, const std::string& db, const std::string& sql);


}  // namespace infractl::e2e
