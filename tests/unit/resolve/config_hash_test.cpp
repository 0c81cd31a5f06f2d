#include <algorithm>

#include <catch2/catch.hpp>

#include "infractl/resolve/resolve.hpp"

using namespace infractl;

namespace {

ContainerSpec fixed_spec() {
    ContainerSpec s;
    s.image = "postgres:16";
    s.command = std::vector<std::string>{"postgres", "-c", "max_connections=200"};
    s.environment["POSTGRES_DB"] = EnvValue{"turfoo_db", false, {}};
    s.environment["POSTGRES_PASSWORD"] = EnvValue{"dev", true, {}};
    s.labels = {{"io.infractl.stack", "monorepo"}, {"io.infractl.project", "turfoo"},
                {"io.infractl.service", "postgres"}, {"io.infractl.managed-by", "infractl"},
                {"team", "data"}};
    PortMapping p;
    p.host_ip = "127.0.0.1";
    p.host_port = 5433;
    p.container_port = 5432;
    s.ports = {p};
    s.mounts = {{true, "monorepo_turfoo_pgdata", "/var/lib/postgresql/data", false}};
    s.networks = {"monorepo_net"};
    s.network_alias = "turfoo-postgres";
    Healthcheck hc;
    hc.test = {"CMD-SHELL", "pg_isready -U turfoo"};
    hc.interval = Duration{5'000'000'000};
    hc.timeout = Duration{3'000'000'000};
    hc.retries = 5;
    s.healthcheck = hc;
    s.stop_grace_period = Duration{30'000'000'000};
    return s;
}

}  // namespace

TEST_CASE("config hash: pinned for a fixed spec", "[resolve][hash]") {
    // If this fails, the canonical form changed: every running container would
    // be recreated after an upgrade. Do not update the pin; bump the version line instead.
    CHECK(canonical_form(fixed_spec()) ==
          "infractl-hash-v1\n"
          "image \"postgres:16\"\n"
          "command [\"postgres\",\"-c\",\"max_connections=200\"]\n"
          "entrypoint absent\n"
          "env \"POSTGRES_DB\" \"turfoo_db\"\n"
          "env \"POSTGRES_PASSWORD\" \"dev\"\n"
          "label \"io.infractl.managed-by\" \"infractl\"\n"
          "label \"io.infractl.project\" \"turfoo\"\n"
          "label \"io.infractl.service\" \"postgres\"\n"
          "label \"io.infractl.stack\" \"monorepo\"\n"
          "label \"team\" \"data\"\n"
          "port \"127.0.0.1\" 5433 5432 \"tcp\"\n"
          "mount volume \"monorepo_turfoo_pgdata\" \"/var/lib/postgresql/data\" rw\n"
          "network \"monorepo_net\"\n"
          "alias \"turfoo-postgres\"\n"
          "healthcheck test [\"CMD-SHELL\",\"pg_isready -U turfoo\"] interval 5000000000 timeout 3000000000 "
          "start_period 0 retries 5 disabled false\n"
          "user \"\"\n"
          "working_dir \"\"\n"
          "stop_signal \"\"\n"
          "stop_grace_period 30000000000\n");
    CHECK(config_hash(fixed_spec()) == "d8554b6f457f8ff614af1576cf597be73497849158cdd80942820a0a5bdf2090");
}

TEST_CASE("config hash: unchanged by live-updatable fields and bookkeeping labels", "[resolve][hash]") {
    const std::string base = config_hash(fixed_spec());
    ContainerSpec s = fixed_spec();
    s.cpu_limit = NanoCpus{2'000'000'000};
    s.memory_limit = Bytes{4LL << 30};
    s.cpu_reservation = NanoCpus{1'000'000'000};
    s.memory_reservation = Bytes{1LL << 30};
    s.restart = RestartPolicy::always;
    s.restart_max_retries = 5;
    s.labels["io.infractl.replica"] = "3";
    s.labels["io.infractl.config-hash"] = "abc";
    s.environment["POSTGRES_PASSWORD"].secret = false;
    s.environment["POSTGRES_DB"].loc = Location{"x.yaml", 3, 4};
    CHECK(config_hash(s) == base);
}

TEST_CASE("config hash: unchanged by the order of sets", "[resolve][hash]") {
    ContainerSpec a = fixed_spec();
    PortMapping extra;
    extra.container_port = 9000;
    a.ports.push_back(extra);
    a.mounts.push_back({false, "/srv/conf", "/etc/conf", true});
    a.networks = {"monorepo_net", "monorepo_data"};
    ContainerSpec b = a;
    std::reverse(b.ports.begin(), b.ports.end());
    std::reverse(b.mounts.begin(), b.mounts.end());
    std::reverse(b.networks.begin(), b.networks.end());
    CHECK(config_hash(a) == config_hash(b));
}

TEST_CASE("config hash: changed by every recreate-relevant field", "[resolve][hash]") {
    const std::string base = config_hash(fixed_spec());
    struct Case {
        const char* what;
        void (*change)(ContainerSpec&);
    } cases[] = {
        {"image", [](ContainerSpec& s) { s.image = "postgres:16.1"; }},
        {"command", [](ContainerSpec& s) { s.command->push_back("-c"); }},
        {"command absent", [](ContainerSpec& s) { s.command.reset(); }},
        {"command split differently",
         [](ContainerSpec& s) { s.command = std::vector<std::string>{"postgres -c", "max_connections=200"}; }},
        {"entrypoint", [](ContainerSpec& s) { s.entrypoint = std::vector<std::string>{}; }},
        {"env value", [](ContainerSpec& s) { s.environment["POSTGRES_DB"].value = "other"; }},
        {"env added", [](ContainerSpec& s) { s.environment["X"] = EnvValue{"", false, {}}; }},
        {"user label", [](ContainerSpec& s) { s.labels["team"] = "web"; }},
        {"host port", [](ContainerSpec& s) { s.ports[0].host_port = 5434; }},
        {"host ip", [](ContainerSpec& s) { s.ports[0].host_ip = ""; }},
        {"protocol", [](ContainerSpec& s) { s.ports[0].protocol = "udp"; }},
        {"mount target", [](ContainerSpec& s) { s.mounts[0].target = "/data"; }},
        {"mount read-only", [](ContainerSpec& s) { s.mounts[0].read_only = true; }},
        {"mount kind", [](ContainerSpec& s) { s.mounts[0].is_volume = false; }},
        {"network", [](ContainerSpec& s) { s.networks.push_back("monorepo_data"); }},
        {"alias", [](ContainerSpec& s) { s.network_alias = "postgres"; }},
        {"healthcheck test", [](ContainerSpec& s) { s.healthcheck->test[1] = "true"; }},
        {"healthcheck interval", [](ContainerSpec& s) { s.healthcheck->interval = Duration{1}; }},
        {"healthcheck retries", [](ContainerSpec& s) { s.healthcheck->retries = 1; }},
        {"healthcheck removed", [](ContainerSpec& s) { s.healthcheck.reset(); }},
        {"user", [](ContainerSpec& s) { s.user = "999"; }},
        {"working_dir", [](ContainerSpec& s) { s.working_dir = "/app"; }},
        {"stop_signal", [](ContainerSpec& s) { s.stop_signal = "SIGINT"; }},
        {"stop_grace_period", [](ContainerSpec& s) { s.stop_grace_period = Duration{10'000'000'000}; }},
        {"quote in a value", [](ContainerSpec& s) { s.environment["POSTGRES_DB"].value = "turfoo_db\" \"x"; }},
    };
    for (const auto& c : cases) {
        ContainerSpec s = fixed_spec();
        c.change(s);
        INFO(c.what);
        CHECK(config_hash(s) != base);
    }
}

TEST_CASE("config hash: values cannot forge a record", "[resolve][hash]") {
    ContainerSpec a = fixed_spec();
    a.environment = {{"A", EnvValue{"1\nenv \"B\" \"2\"", false, {}}}};
    ContainerSpec b = fixed_spec();
    b.environment = {{"A", EnvValue{"1", false, {}}}, {"B", EnvValue{"2", false, {}}}};
    CHECK(config_hash(a) != config_hash(b));
    CHECK(canonical_form(a).find("env \"A\" \"1\\nenv \\\"B\\\" \\\"2\\\"\"\n") != std::string::npos);
}
