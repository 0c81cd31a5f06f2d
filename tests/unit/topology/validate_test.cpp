// Cross-service rules (validate_topology) and the profile against the
// topology (validate_profile), with exact text and position.
#include <catch2/catch.hpp>

#include "support/topology_text.hpp"

using namespace infractl;
using Lines = std::vector<std::string>;

TEST_CASE("validate_topology reports cross-service problems", "[validate]") {
    static const struct {
        const char* name;
        const char* yaml;
        Lines expected;
    } cases[] = {
        {"singleton with replicas, reason shown",
         "version: 1\nstack: s\nprojects:\n  turfoo:\n    services:\n      celery-beat:\n        image: r\n        "
         "singleton: \"multiple beat instances cause duplicate scheduled tasks\"\n        replicas: 3\n",
         {"t.yaml:9:19: turfoo/celery-beat is a singleton: multiple beat instances cause duplicate scheduled tasks; it "
          "cannot run 3 replicas"}},
        {"singleton: true without reason",
         "version: 1\nstack: s\nprojects:\n  p:\n    services:\n      a: {image: r, singleton: true, replicas: 2}\n",
         {"t.yaml:6:48: p/a is a singleton; it cannot run 2 replicas"}},
        {"global above one replica", "version: 1\nstack: s\nglobals:\n  redis: {image: r, replicas: 2}\n",
         {"t.yaml:4:31: global 'redis' runs 0 or 1 replica, not 2 (hint: move it under a project to replicate it)"}},
        {"replicas above max_replicas",
         "version: 1\nstack: s\nprojects:\n  p:\n    services:\n      web: {image: r, replicas: 5, max_replicas: 4}\n",
         {"t.yaml:6:33: p/web asks for 5 replicas, above its max_replicas 4"}},
        {"reservation above limit",
         "version: 1\nstack: s\nglobals:\n  db:\n    image: r\n    resources:\n      limits: {memory: 512M, cpus: "
         "0.5}\n      reservations: {memory: 1G, cpus: 1}\n",
         {"t.yaml:8:30: db: memory reservation 1G is above the limit 512M (hint: lower the reservation or raise the "
          "limit)",
          "t.yaml:8:40: db: cpu reservation 1 is above the limit 0.5 (hint: lower the reservation or raise the "
          "limit)"}},
        {"depends_on unknown service with did-you-mean",
         "version: 1\nstack: s\nprojects:\n  turfoo:\n    services:\n      postgres: {image: r}\n      web:\n        "
         "image: r\n        depends_on: [postgress]\n",
         {"t.yaml:9:22: service 'turfoo/web' depends on unknown service 'postgress' (hint: did you mean "
          "'postgres'?)"}},
        {"project service may depend on a global",
         "version: 1\nstack: s\nglobals:\n  redis: {image: r}\nprojects:\n  p:\n    services:\n      web: {image: r, "
         "depends_on: [redis]}\n",
         {}},
        {"a global may not depend on a project service",
         "version: 1\nstack: s\nglobals:\n  redis: {image: r, depends_on: [web]}\nprojects:\n  p:\n    services:\n  "
         "    web: {image: r}\n",
         {"t.yaml:4:34: service 'redis' depends on unknown service 'web' (hint: a global may depend only on other "
          "globals)"}},
        {"dependency cycle",
         "version: 1\nstack: s\nprojects:\n  turfoo:\n    services:\n      a: {image: r, depends_on: [b]}\n      b: "
         "{image: r, depends_on: [c]}\n      c: {image: r, depends_on: [a]}\n",
         {"t.yaml:6:34: dependency cycle: turfoo/a -> turfoo/b -> turfoo/c -> turfoo/a (hint: remove one of these "
          "depends_on entries)"}},
        {"self dependency",
         "version: 1\nstack: s\nprojects:\n  p:\n    services:\n      a: {image: r, depends_on: {a: {condition: "
         "service_healthy}}}\n",
         {"t.yaml:6:34: dependency cycle: p/a -> p/a (hint: remove one of these depends_on entries)"}},
        {"same host port twice",
         "version: 1\nstack: s\nglobals:\n  redis:\n    image: r\n    ports: [\"6379:6379\"]\nprojects:\n  p:\n    "
         "services:\n      cache:\n        image: r\n        ports: [\"6379:6379\"]\n",
         {"t.yaml:12:17: host port 6379 is already published by 'redis' (line 6) (hint: give one of them another "
          "host port)"}},
        {"same port on other IPs or protocols is fine",
         "version: 1\nstack: s\nglobals:\n  a: {image: r, ports: [\"127.0.0.1:80:80\", \"53:53/udp\"]}\n  b: {image: "
         "r, ports: [\"127.0.0.2:80:80\", \"53:53\"]}\n",
         {}},
        {"all-interfaces port clashes with a specific IP",
         "version: 1\nstack: s\nglobals:\n  a: {image: r, ports: [\"127.0.0.1:80:80\"]}\n  b: {image: r, ports: "
         "[\"0.0.0.0:80:8080\"]}\n",
         {"t.yaml:5:25: host port 80 is already published by 'a' (line 4) (hint: give one of them another host "
          "port)"}},
        {"fixed host port on replicas",
         "version: 1\nstack: s\nprojects:\n  p:\n    services:\n      web: {image: r, replicas: 2, ports: "
         "[\"8000:8000\"]}\n",
         {"t.yaml:6:44: host port 8000 cannot be published by 2 replicas of 'p/web' (hint: publish only the "
          "container port ('8000'), or run one replica)"}},
        {"disabled services do not clash",
         "version: 1\nstack: s\nglobals:\n  a: {image: r, ports: [\"80:80\"]}\n  b: {image: r, enabled: false, ports: "
         "[\"80:80\"]}\n",
         {}},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(test::topology_problems(c.yaml) == c.expected);
    }
}

namespace {

const char* const kTopology = R"(version: 1
stack: monorepo
networks:
  net: {}
globals:
  redis: {image: "redis:7-alpine"}
  minio: {image: minio}
projects:
  turfoo:
    services:
      postgres: {image: postgres}
      celery-worker: {image: app, networks: [net]}
      web: {networks: [nett]}
  other:
    services:
      postgres: {image: postgres}
)";

Lines profile_problems(const std::string& profile_yaml) {
    Diagnostics tdiags;
    Topology t = load_topology_text(kTopology, "t.yaml", test::env_of({}), tdiags);
    REQUIRE_FALSE(tdiags.has_errors());
    Diagnostics diags;
    Profile p = load_profile_text(profile_yaml, "profiles/dev.yaml", test::env_of({}), diags);
    if (!diags.has_errors()) validate_profile(t, p, diags);
    return test::lines_of(diags);
}

}  // namespace

TEST_CASE("validate_profile checks the profile against the topology", "[validate][profile]") {
    static const struct {
        const char* name;
        const char* yaml;
        Lines expected;
    } cases[] = {
        {"fine: web is made managed and gets its network from the profile",
         "version: 1\nprofile: dev\nnetworks:\n  nett: {internal: true}\nprojects:\n  turfoo:\n    services:\n      "
         "web: {managed: {endpoint: \"http://x\"}}\n",
         {}},
        {"missing image and unknown network",
         "version: 1\nprofile: dev\n",
         {"t.yaml:13:7: service 'turfoo/web' has no image (hint: add 'image: <name>:<tag>', or disable it or make it "
          "managed in the profile)",
          "t.yaml:13:23: unknown network 'nett' for service 'turfoo/web' (hint: did you mean 'net'?)"}},
        {"unknown project, service, global and default",
         "version: 1\nprofile: dev\nnetworks: {nett: {}}\nglobals:\n  rediss: {replicas: 1}\nproject_defaults:\n  "
         "services:\n    celery-wrker: {replicas: 1}\nprojects:\n  turfo:\n    services: {}\n  turfoo:\n    "
         "services:\n      pg: {replicas: 1}\n      web: {enabled: false}\n",
         {"profiles/dev.yaml:5:3: unknown global service 'rediss' (hint: did you mean 'redis'?)",
          "profiles/dev.yaml:8:5: unknown service 'celery-wrker' in project_defaults: no project has it (hint: did "
          "you mean 'celery-worker'?)",
          "profiles/dev.yaml:10:3: unknown project 'turfo' (hint: did you mean 'turfoo'?)",
          "profiles/dev.yaml:14:7: unknown service 'pg' in project 'turfoo'"}},
        {"patch names an unknown network",
         "version: 1\nprofile: dev\nnetworks: {nett: {}}\nglobals:\n  redis: {networks: [net, data]}\n",
         {"profiles/dev.yaml:5:21: unknown network 'data' for service 'redis' (hint: declare it under the top-level "
          "'networks' of the topology or the profile)",
          "t.yaml:13:7: service 'turfoo/web' has no image (hint: add 'image: <name>:<tag>', or disable it or make it "
          "managed in the profile)"}},
        {"profile loading errors",
         "version: 1\nprofile: dev\ndefault_host_ip: localhost\nglobals:\n  redis: {replicas: -1, managed: {env: "
         "X}, replicaz: 2}\n",
         {"profiles/dev.yaml:3:18: invalid default_host_ip 'localhost' (hint: use an IPv4 or IPv6 address, e.g. "
          "127.0.0.1)",
          "profiles/dev.yaml:5:21: replicas must be 0 or more, got -1",
          "profiles/dev.yaml:5:34: managed service 'redis' has no 'endpoint' (hint: e.g. endpoint: "
          "redis://cache.internal:6379)",
          "profiles/dev.yaml:5:44: unknown key 'replicaz' in profile service 'redis' (hint: did you mean "
          "'replicas'?)"}},
        {"profile name differs from the file name",
         "version: 1\nprofile: prod\nnetworks: {nett: {}}\nprojects: {turfoo: {services: {web: {enabled: false}}}}\n",
         {"profiles/dev.yaml:2:10: warning: profile 'prod' is in a file named 'dev.yaml' (hint: name the file after "
          "the profile, e.g. profiles/prod.yaml)"}},
        {"missing profile and unsupported version", "version: 3\n",
         {"profiles/dev.yaml:1:1: missing 'profile' (hint: add 'profile: <name>', e.g. profile: dev)",
          "profiles/dev.yaml:1:10: unsupported version 3; this infractl reads version 1"}},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(profile_problems(c.yaml) == c.expected);
    }
}

TEST_CASE("profile patches are read into the model", "[profile]") {
    const char* yaml = R"(version: 1
profile: dev
default_host_ip: 127.0.0.1
images:
  "redis:7-alpine": "infractl-local/redis:7"
networks:
  data: {internal: true}
globals:
  redis:
    managed: {endpoint: "redis://cache:6379"}
  minio: {enabled: false}
project_defaults:
  services:
    celery-worker: {replicas: 1, resources: {limits: {memory: 1G}}}
projects:
  turfoo:
    services:
      celery-worker:
        replicas: 3
        environment: {LOG_LEVEL: debug, API_KEY: k}
        networks: [net]
        pull_policy: never
)";
    Diagnostics diags;
    Profile p = load_profile_text(yaml, "dev.yaml", test::env_of({}), diags);
    REQUIRE(test::lines_of(diags) == Lines{});
    CHECK(p.name == "dev");
    CHECK(p.default_host_ip == "127.0.0.1");
    CHECK(p.images.at("redis:7-alpine") == "infractl-local/redis:7");
    REQUIRE(p.networks.size() == 1);
    CHECK(p.networks[0].internal == true);
    REQUIRE(p.globals.size() == 2);
    CHECK(p.globals[0].managed->endpoint == "redis://cache:6379");
    CHECK(p.globals[0].managed->env == "REDIS_URL");
    CHECK(p.globals[1].enabled == false);
    REQUIRE(p.project_defaults.size() == 1);
    CHECK(p.project_defaults[0].resources.memory_limit == Bytes{1ll << 30});
    CHECK_FALSE(p.project_defaults[0].resources.cpu_limit);
    const ServicePatch& w = p.projects.at("turfoo").at(0);
    CHECK(w.replicas == 3);
    CHECK(w.replicas_loc == Location{"dev.yaml", 19, 19});
    CHECK(w.environment.at("LOG_LEVEL") == EnvValue{"debug", false});
    CHECK(w.environment.at("API_KEY") == EnvValue{"k", true});
    CHECK(w.networks == std::vector<std::string>{"net"});
    CHECK(w.pull_policy == PullPolicy::never);
    CHECK(p.project_locs.at("turfoo") == Location{"dev.yaml", 16, 3});
}

TEST_CASE("publishing an internal network's service on all interfaces needs consent", "[validate][profile]") {
    const char* topology = R"(version: 1
stack: s
networks:
  data: {internal: true}
  front: {}
globals:
  db: {image: pg, networks: [data], ports: ["5432:5432", "127.0.0.1:5433:5432"]}
  web: {image: w, networks: [front], ports: ["80:80"]}
  open: {image: o, networks: [data], ports: ["81:81"], expose_publicly: true}
)";
    auto problems = [&](const std::string& profile_yaml) {
        Diagnostics diags;
        Topology t = load_topology_text(topology, "t.yaml", test::env_of({}), diags);
        Profile p = load_profile_text(profile_yaml, "dev.yaml", test::env_of({}), diags);
        validate_topology(t, diags);
        validate_profile(t, p, diags);
        return test::lines_of(diags);
    };
    CHECK(problems("version: 1\nprofile: dev\n") ==
          Lines{"t.yaml:7:45: warning: 'db' is on internal network 'data' but publishes port 5432 on all interfaces "
                "(hint: bind it to an address such as 127.0.0.1, or set expose_publicly: true)"});
    CHECK(problems("version: 1\nprofile: dev\ndefault_host_ip: 127.0.0.1\n") == Lines{});
    CHECK(problems("version: 1\nprofile: dev\nnetworks: {front: {internal: true}}\nglobals: {db: {enabled: false}}\n") ==
          Lines{"t.yaml:8:46: warning: 'web' is on internal network 'front' but publishes port 80 on all interfaces "
                "(hint: bind it to an address such as 127.0.0.1, or set expose_publicly: true)"});
}
