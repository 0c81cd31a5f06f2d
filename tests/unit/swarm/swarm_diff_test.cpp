// DesiredState x SwarmSnapshot -> Plan: creates in dependency order with
// waits, per-field updates against the live spec, removals of our own only.
#include <catch2/catch.hpp>

#include "infractl/plan/render.hpp"
#include "infractl/swarm/service_spec.hpp"
#include "infractl/swarm/swarm_diff.hpp"
#include "support/desired_builders.hpp"

using namespace infractl;
using namespace plan_fixtures;
using json = nlohmann::json;

namespace {

DesiredState swarm_monorepo() {
    DesiredState d = monorepo();
    for (auto& s : d.services) {
        s.base_name = s.key.project == kGlobalProject ? "monorepo-" + s.key.service
                                                      : s.key.project + "-" + s.key.service;
        s.spec.networks = {"monorepo_net"};
    }
    return d;
}

// The swarm after a successful up of `d`.
SwarmSnapshot running(const DesiredState& d) {
    SwarmSnapshot o;
    o.stack = d.stack;
    o.networks.push_back({"nid", "monorepo_net", "overlay", false, {{label::stack, d.stack}}});
    o.network_names["nid"] = "monorepo_net";
    int n = 0;
    for (const auto& s : d.services) {
        ObservedService os;
        os.id = "sid" + std::to_string(++n);
        os.version = 10 + n;
        os.name = s.base_name;
        os.spec = swarm_service_spec(s);
        os.spec["TaskTemplate"]["Networks"][0]["Target"] = "nid";
        os.labels = os.spec["Labels"].get<std::map<std::string, std::string>>();
        o.services.push_back(os);
    }
    return o;
}

ObservedService& named(SwarmSnapshot& o, const std::string& name) {
    for (auto& s : o.services)
        if (s.name == name) return s;
    FAIL("no service " << name);
    throw;
}

}  // namespace

TEST_CASE("swarm diff: a fresh swarm creates the network - then services in dependency order with waits") {
    DesiredState d = swarm_monorepo();
    find(d, "celery-worker")->depends_on[0].condition = DependCondition::service_healthy;
    SwarmSnapshot o;
    o.stack = "monorepo";
    Plan p = swarm_diff(d, o, {});
    CHECK(render_plan_text(p, {}) ==
          "infractl plan: stack 'monorepo', profile 'dev'\n\n"
          "  + network monorepo_net\n"
          "  + service monorepo-redis (redis)\n"
          "  + service turfoo-postgres (turfoo/postgres)\n"
          "  + service turfoo-celery-worker (turfoo/celery-worker)\n\n"
          "Plan: 4 to add, 0 to change, 0 to destroy.\n");
    REQUIRE(p.actions.size() == 4);
    CHECK(p.actions[3].after == std::vector<std::size_t>{0, 1, 2});
    REQUIRE(p.actions[3].waits.size() == 2);
    CHECK(p.actions[3].waits[0].containers == std::vector<std::string>{"monorepo-redis"});
    CHECK(p.actions[3].waits[0].condition == DependCondition::service_healthy);
    CHECK(json::parse(p.actions[3].service_spec)["Name"] == "turfoo-celery-worker");
    REQUIRE(p.scope.size() == 3);
    CHECK(p.scope[2].containers == std::vector<std::string>{"turfoo-celery-worker"});
}

TEST_CASE("swarm diff: a converged swarm has no changes; drift by hand is shown field by field") {
    DesiredState d = swarm_monorepo();
    SwarmSnapshot o = running(d);
    CHECK(swarm_diff(d, o, {}).empty());

    ObservedService& w = named(o, "turfoo-celery-worker");
    w.spec["Mode"]["Replicated"]["Replicas"] = 7;                                    // --replicas 7
    w.spec["TaskTemplate"]["Resources"]["Limits"]["MemoryBytes"] = 300 << 20;       // --limit-memory 300m
    w.spec["TaskTemplate"]["ContainerSpec"]["Image"] = "turfoo/app:2@sha256:ffff";  // --image
    Plan p = swarm_diff(d, o, {});
    REQUIRE(p.actions.size() == 1);
    const Action& a = p.actions[0];
    CHECK(a.kind == ActionKind::update_service);
    CHECK(a.service_id == w.id);
    CHECK(a.service_version == w.version);
    CHECK(a.changes == std::vector<FieldChange>{{"image", "turfoo/app:2", "turfoo/app:1"},
                                               {"memory", "300M", ""},
                                               {"replicas", "7", "2"}});
}

TEST_CASE("swarm diff: a service removed by hand is created again; undeclared ones of ours are removed") {
    DesiredState d = swarm_monorepo();
    SwarmSnapshot o = running(d);
    std::erase_if(o.services, [](const ObservedService& s) { return s.name == "turfoo-postgres"; });
    ObservedService old = o.services.front();
    old.name = "turfoo-flower";
    old.labels[label::service] = "flower";
    old.labels[label::project] = "turfoo";
    o.services.push_back(old);
    Plan p = swarm_diff(d, o, {});
    REQUIRE(p.actions.size() == 2);
    CHECK(p.actions[0].kind == ActionKind::create_service);
    CHECK(p.actions[0].target == "turfoo-postgres");
    CHECK(p.actions[1].kind == ActionKind::remove_service);
    CHECK(p.actions[1].target == "turfoo-flower");
    CHECK(p.actions[1].reason == "service no longer declared");
}

TEST_CASE("swarm diff: a foreign service holding a name is a conflict - nothing is planned") {
    DesiredState d = swarm_monorepo();
    SwarmSnapshot o;
    o.stack = "monorepo";
    o.foreign_services = {"turfoo-postgres"};
    Plan p = swarm_diff(d, o, {});
    CHECK(p.actions.empty());
    REQUIRE(p.conflicts.size() == 1);
    CHECK(p.conflicts[0].name == "turfoo-postgres");
}

TEST_CASE("swarm diff: a scale touches only its services; down removes projects then globals then networks") {
    DesiredState d = swarm_monorepo();
    SwarmSnapshot o = running(d);
    find(d, "celery-worker")->replicas = 5;
    Plan scale = swarm_diff(d, o, PlanScope{"", {ServiceKey{"turfoo", "celery-worker"}}});
    REQUIRE(scale.actions.size() == 1);
    CHECK(scale.actions[0].changes == std::vector<FieldChange>{{"replicas", "2", "5"}});

    Plan down = swarm_down(o, &d, DownOptions{});
    std::vector<std::string> order;
    for (const auto& a : down.actions) order.push_back(std::string(to_string(a.kind)) + " " + a.target);
    CHECK(order == std::vector<std::string>{"remove_service turfoo-celery-worker", "remove_service turfoo-postgres",
                                            "remove_service monorepo-redis", "remove_network monorepo_net"});
    CHECK(down.actions[2].after == std::vector<std::size_t>{0, 1});
    Plan one = swarm_down(o, &d, DownOptions{"order", false, false});
    CHECK(one.actions.empty());  // turfoo is left: its services and the globals stay
}
