// DesiredService -> Swarm ServiceSpec (docs/swarm.md, "Mapping").
#include <catch2/catch.hpp>

#include "infractl/swarm/service_spec.hpp"
#include "infractl/swarm/swarm_diff.hpp"
#include "support/desired_builders.hpp"

using namespace infractl;
using namespace plan_fixtures;
using json = nlohmann::json;

namespace {

DesiredService worker() {
    DesiredState d = monorepo();
    DesiredService w = *find(d, "celery-worker");
    w.base_name = "turfoo-celery-worker";
    w.spec.command = std::vector<std::string>{"celery", "-A", "turfoo", "worker"};
    w.spec.environment = {{"B", EnvValue{"2"}}, {"A", EnvValue{"1"}}};
    w.spec.cpu_limit = NanoCpus{500'000'000};
    w.spec.memory_limit = Bytes{1 << 30};
    w.spec.cpu_reservation = NanoCpus{250'000'000};
    w.spec.memory_reservation = Bytes{512 << 20};
    w.spec.stop_signal = "SIGTERM";
    w.spec.stop_grace_period = Duration{30'000'000'000};
    w.spec.networks = {"monorepo_net"};
    w.spec.network_alias = "turfoo-celery-worker";
    return w;
}

}  // namespace

TEST_CASE("swarm spec: a replicated worker - name - labels without the replica - resources are real") {
    DesiredService w = worker();
    w.spec.labels[label::replica] = "1";
    json spec = swarm_service_spec(w);
    CHECK(spec["Name"] == "turfoo-celery-worker");
    CHECK(spec["Mode"] == json({{"Replicated", {{"Replicas", 2}}}}));
    CHECK(spec["Labels"].contains(label::stack));
    CHECK_FALSE(spec["Labels"].contains(label::replica));
    const json& c = spec["TaskTemplate"]["ContainerSpec"];
    CHECK(c["Image"] == "turfoo/app:1");
    CHECK(c["Args"] == json({"celery", "-A", "turfoo", "worker"}));
    CHECK_FALSE(c.contains("Command"));  // the image's ENTRYPOINT stays
    CHECK(c["Env"] == json({"A=1", "B=2"}));
    CHECK(c["StopSignal"] == "SIGTERM");
    CHECK(c["StopGracePeriod"] == 30'000'000'000);
    CHECK_FALSE(c["Labels"].contains(label::replica));
    const json& r = spec["TaskTemplate"]["Resources"];
    CHECK(r["Limits"] == json({{"NanoCPUs", 500'000'000}, {"MemoryBytes", 1 << 30}}));
    CHECK(r["Reservations"] == json({{"NanoCPUs", 250'000'000}, {"MemoryBytes", 512 << 20}}));
    CHECK(spec["TaskTemplate"]["Networks"] ==
          json::array({{{"Target", "monorepo_net"}, {"Aliases", {"turfoo-celery-worker"}}}}));
    CHECK(spec["UpdateConfig"]["Order"] == "start-first");
    CHECK(spec["UpdateConfig"]["Parallelism"] == 1);
    CHECK(spec["UpdateConfig"]["FailureAction"] == "rollback");
    CHECK(spec["UpdateConfig"]["Monitor"] == 5'000'000'000);  // no healthcheck: 5 s
}

TEST_CASE("swarm spec: stateful services and singletons update stop-first - one-shots are jobs") {
    DesiredState d = monorepo();
    DesiredService pg = *find(d, "postgres");
    pg.singleton = true;
    pg.numbered = false;
    Healthcheck hc;
    hc.test = {"CMD-SHELL", "pg_isready"};
    hc.interval = Duration{5'000'000'000};
    hc.timeout = Duration{3'000'000'000};
    hc.retries = 20;
    pg.spec.healthcheck = hc;
    json spec = swarm_service_spec(pg);
    CHECK(spec["UpdateConfig"]["Order"] == "stop-first");
    CHECK(spec["UpdateConfig"]["Monitor"] == 5'000'000'000LL * 20 + 3'000'000'000LL);
    CHECK(spec["TaskTemplate"]["ContainerSpec"]["Healthcheck"]["Test"] == json({"CMD-SHELL", "pg_isready"}));
    const json& mount = spec["TaskTemplate"]["ContainerSpec"]["Mounts"][0];
    CHECK(mount["Type"] == "volume");
    CHECK(mount["Source"] == "monorepo_turfoo_pgdata");
    CHECK(mount["VolumeOptions"]["Labels"][label::stack] == "monorepo");

    DesiredService job = worker();
    job.oneshot = true;
    job.replicas = 1;
    json j = swarm_service_spec(job);
    CHECK(j["Mode"] == json({{"ReplicatedJob", {{"MaxConcurrent", 1}, {"TotalCompletions", 1}}}}));
    CHECK_FALSE(j.contains("UpdateConfig"));
    CHECK(j["TaskTemplate"]["RestartPolicy"] == json({{"Condition", "none"}}));
}

TEST_CASE("swarm spec: ports through the mesh - a loopback port is not published, with the reason") {
    ContainerSpec spec;
    spec.ports = {{"127.0.0.1", 5433, 5432, "tcp"}, {"", 9000, 9000, "tcp"}, {"", 0, 53, "udp"}};
    auto ports = swarm_ports(spec);
    REQUIRE(ports.size() == 3);
    CHECK_FALSE(ports[0].published);
    CHECK(ports[0].why_not == "bound to 127.0.0.1: the routing mesh would listen on every interface");
    CHECK(ports[1].published);
    CHECK_FALSE(ports[2].published);
    DesiredService s = worker();
    s.spec.ports = spec.ports;
    CHECK(swarm_service_spec(s)["EndpointSpec"]["Ports"] ==
          json::array({{{"Protocol", "tcp"}, {"TargetPort", 9000}, {"PublishedPort", 9000}, {"PublishMode", "ingress"}}}));
}

TEST_CASE("swarm fields: the desired spec and the engine's copy of it read the same") {
    DesiredService w = worker();
    json want = swarm_service_spec(w);
    // What the engine gives back: network ids, the image pinned by digest, defaults added.
    json have = want;
    have["TaskTemplate"]["Networks"] = json::array({{{"Target", "n1d"}, {"Aliases", {"turfoo-celery-worker"}}}});
    have["TaskTemplate"]["ContainerSpec"]["Image"] = "turfoo/app:1@sha256:abcd";
    have["TaskTemplate"]["ContainerSpec"]["Isolation"] = "default";
    have["TaskTemplate"]["ForceUpdate"] = 0;
    std::map<std::string, std::string> names{{"n1d", "monorepo_net"}};
    CHECK(swarm_fields(want, names) == swarm_fields(have, names));
    auto f = swarm_fields(want, names);
    CHECK(f["replicas"] == "2");
    CHECK(f["memory"] == "1G");
    CHECK(f["cpu reservation"] == "0.25");
    CHECK(f["environment.A"] == "1");
    CHECK(f["networks"] == "monorepo_net");
    CHECK(f["update order"] == "start-first");
}
