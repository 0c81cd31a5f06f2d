// A valid topology file read into the model: every key lands in the right
// field, with its location.
#include <catch2/catch.hpp>

#include <filesystem>

#include "infractl/topology/env_file.hpp"
#include "support/topology_text.hpp"

using namespace infractl;

namespace {

const std::string kDir = std::string(INFRACTL_SOURCE_DIR) + "/tests/data/valid";

const Service& service(const Topology& t, const std::string& project, const std::string& name) {
    const Project* p = t.find_project(project);
    REQUIRE(p);
    for (const auto& s : p->services)
        if (s.name == name) return s;
    FAIL("no service " << name);
    throw;
}

}  // namespace

TEST_CASE("a valid topology loads into the model", "[loader][model]") {
    Diagnostics diags;
    Topology t = load_topology_file(kDir + "/monorepo.yaml", test::env_of({}), diags);
    REQUIRE(test::lines_of(diags) == std::vector<std::string>{});
    validate_topology(t, diags);
    REQUIRE(test::lines_of(diags) == std::vector<std::string>{});

    CHECK(t.stack == "monorepo");
    REQUIRE(t.networks.size() == 2);
    CHECK(t.networks[1].name == "data");
    CHECK(t.networks[1].internal);
    CHECK(t.volumes.at(0).global);

    const Service* redis = t.find_global("redis");
    REQUIRE(redis);
    CHECK(redis->singleton);  // every global is
    CHECK(*redis->command ==
          std::vector<std::string>{"redis-server", "--appendonly", "yes", "--maxmemory", "256 mb"});
    CHECK(redis->ports.at(0) == PortMapping{"127.0.0.1", 6379, 6379, "tcp"});
    CHECK(redis->ports.at(0).loc == Location{kDir + "/monorepo.yaml", 12, 13});
    CHECK(redis->healthcheck->test == std::vector<std::string>{"CMD-SHELL", "redis-cli ping"});
    CHECK(redis->healthcheck->interval == Duration{5'000'000'000});
    CHECK(redis->healthcheck->retries == 5);
    CHECK(redis->resources.cpu_limit == NanoCpus{250'000'000});
    CHECK(redis->resources.memory_limit == Bytes{512ll << 20});

    const Service& pg = service(t, "turfoo", "postgres");
    CHECK(pg.environment.at("POSTGRES_PASSWORD") == EnvValue{"s3cret", true});
    CHECK(pg.environment.at("POSTGRES_USER") == EnvValue{"override-from-environment", false});
    CHECK(pg.environment.at("POSTGRES_INITDB_ARGS") == EnvValue{"--data-checksums", true});
    CHECK(pg.environment.at("POSTGRES_DB").loc == Location{kDir + "/monorepo.yaml", 27, 24});
    CHECK(pg.env_files == std::vector<std::string>{"turfoo.env"});
    REQUIRE(pg.volumes.size() == 2);
    CHECK(pg.volumes[0].kind == Mount::Kind::volume);
    CHECK(pg.volumes[0].source == "pgdata");
    CHECK(pg.volumes[1].kind == Mount::Kind::bind);
    CHECK(pg.volumes[1].source == std::filesystem::path(kDir + "/init").lexically_normal().string());
    CHECK(pg.volumes[1].read_only);
    CHECK(pg.networks == std::vector<std::string>{"data"});
    CHECK(pg.restart == RestartPolicy::no);
    CHECK(pg.stop_grace_period == Duration{90'000'000'000});

    const Service& beat = service(t, "turfoo", "celery-beat");
    CHECK(beat.singleton);
    CHECK(beat.singleton_reason == "multiple beat instances cause duplicate scheduled tasks");
    REQUIRE(beat.depends_on.size() == 2);
    CHECK(beat.depends_on[0].service == "postgres");
    CHECK(beat.depends_on[0].condition == DependCondition::service_healthy);
    CHECK(beat.depends_on[1].condition == DependCondition::service_started);
    CHECK(beat.restart == RestartPolicy::on_failure);
    CHECK(beat.restart_max_retries == 3);

    const Service& web = service(t, "turfoo", "web");
    CHECK(web.replicas == 2);
    CHECK(web.replicas_loc == Location{kDir + "/monorepo.yaml", 45, 19});
    CHECK(web.max_replicas == 8);
    CHECK(web.ports.at(0) == PortMapping{"", 0, 8000, "tcp"});
    CHECK(web.ports.at(1) == PortMapping{"", 0, 9000, "udp"});
    CHECK(web.labels.at("team") == "web");
    CHECK(web.pull_policy == PullPolicy::never);
    CHECK(web.resources.memory_limit == Bytes{1610612736});
    CHECK(web.resources.memory_reservation == Bytes{256ll << 20});
    CHECK(web.resources.cpu_reservation == NanoCpus{500'000'000});
}

TEST_CASE("secret-looking names are marked secret", "[env]") {
    for (const char* name : {"DB_PASSWORD", "PASSWD", "secret_key_base", "GITHUB_TOKEN", "API_KEY", "KEY",
                             "SSH_KEY_FILE", "AWS_CREDENTIALS", "PRIVATE_PEM"})
        CHECK(is_secret_env_name(name));
    for (const char* name : {"KEYCLOAK_URL", "MONKEY", "LOG_LEVEL", "DATABASE_URL", "APIKEYS"})
        CHECK_FALSE(is_secret_env_name(name));
}

TEST_CASE("merge keys splice shared blocks in - explicit keys win", "[loader][model]") {
    const char* yaml = R"(version: 1
stack: s
x-env: &env
  LOG_LEVEL: info
  REGION: eu
x-app: &app
  image: app:1
  restart: always
  environment: *env
globals:
  a:
    <<: *app
    restart: "no"
  b:
    <<: [*app]
    environment:
      <<: *env
      LOG_LEVEL: debug
)";
    Diagnostics diags;
    Topology t = load_topology_text(yaml, "t.yaml", test::env_of({}), diags);
    REQUIRE(test::lines_of(diags) == std::vector<std::string>{});
    const Service* a = t.find_global("a");
    const Service* b = t.find_global("b");
    REQUIRE((a && b));
    CHECK(a->image == "app:1");
    CHECK(a->restart == RestartPolicy::no);
    CHECK(a->environment.at("REGION").value == "eu");
    CHECK(b->restart == RestartPolicy::always);
    CHECK(b->environment.at("LOG_LEVEL").value == "debug");
    CHECK(b->environment.at("REGION").value == "eu");

    Diagnostics bad;
    load_topology_text("version: 1\nstack: s\nglobals:\n  a:\n    <<: [1]\n    image: x\n", "t.yaml",
                       test::env_of({}), bad);
    CHECK(test::lines_of(bad) ==
          std::vector<std::string>{"t.yaml:5:9: merge key '<<' needs a mapping or a list of mappings (hint: e.g. <<: "
                                   "*defaults, where &defaults marks a mapping)"});
}
