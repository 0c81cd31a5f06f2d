#include <catch2/catch.hpp>

#include <functional>

#include "infractl/plan/diff.hpp"
#include "infractl/plan/render.hpp"
#include "support/desired_builders.hpp"

using namespace infractl;
using namespace plan_fixtures;

namespace {

std::string plan_text(const DesiredState& d, const ObservedState& o, DiffOptions opts = {}) {
    return render_plan_text(diff(d, o, opts), RenderOptions{});
}

const std::string kHead = "infractl plan: stack 'monorepo', profile 'dev'\n\n";

struct Case {
    const char* name;
    std::function<void(DesiredState&, ObservedState&)> mutate;
    std::string expected;  // after the header line
    DiffOptions opts = {};
};

}  // namespace

TEST_CASE("diff: every action kind with its exact reason") {
    static const Case cases[] = {
        {"nothing to do", [](DesiredState&, ObservedState&) {},
         "No changes. Stack 'monorepo' matches the topology and profile 'dev'.\n"},
        {"container removed by hand",
         [](DesiredState&, ObservedState& o) { std::erase_if(o.containers, [](auto& c) { return c.name == "turfoo-celery-worker-2"; }); },
         "  + container turfoo-celery-worker-2 (turfoo/celery-worker)\n\n"
         "Plan: 1 to add, 0 to change, 0 to destroy.\n"},
        {"container stopped by hand",
         [](DesiredState&, ObservedState& o) { find(o, "monorepo-redis")->state = ContainerState::exited; },
         "  ~ container monorepo-redis (redis): start\n"
         "      # container is exited (stopped outside infractl?)\n\n"
         "Plan: 0 to add, 1 to change, 0 to destroy.\n"},
        {"created but never started",
         [](DesiredState&, ObservedState& o) { find(o, "monorepo-redis")->state = ContainerState::created; },
         "  ~ container monorepo-redis (redis): start\n"
         "      # container is created but was never started\n\n"
         "Plan: 0 to add, 1 to change, 0 to destroy.\n"},
        {"image changed on a stateful singleton: stop first",
         [](DesiredState& d, ObservedState&) {
             auto* pg = find(d, "postgres");
             pg->config_hash = "hash-postgres-17";
             for (auto& c : pg->containers) c.spec.image = "postgres:17";
         },
         "  -/+ container turfoo-postgres (turfoo/postgres): replace (stop first)\n"
         "      image: postgres:16 -> postgres:17\n\n"
         "Plan: 1 to add, 0 to change, 1 to destroy.\n"},
        {"environment changed on a replicated service: start first, secrets masked",
         [](DesiredState& d, ObservedState& o) {
             auto* w = find(d, "celery-worker");
             w->config_hash = "hash-worker-2";
             for (auto& c : w->containers) {
                 c.spec.environment["LOG_LEVEL"] = {"debug", false, {}};
                 c.spec.environment["DB_PASSWORD"] = {"new-secret", true, {}};
             }
             for (auto& c : o.containers)
                 if (c.service() == "celery-worker") {
                     c.spec.environment["LOG_LEVEL"] = {"info", false, {}};
                     c.spec.environment["DB_PASSWORD"] = {"old-secret", false, {}};
                     c.spec.environment["UNDECLARED"] = {"x", false, {}};
                 }
         },
         "  -/+ container turfoo-celery-worker-1 (turfoo/celery-worker): replace (start first)\n"
         "      environment.DB_PASSWORD: (sensitive) -> (sensitive)\n"
         "      environment.LOG_LEVEL: info -> debug\n"
         "  -/+ container turfoo-celery-worker-2 (turfoo/celery-worker): replace (start first)\n"
         "      environment.DB_PASSWORD: (sensitive) -> (sensitive)\n"
         "      environment.LOG_LEVEL: info -> debug\n\n"
         "Plan: 2 to add, 0 to change, 2 to destroy.\n"},
        {"image tag moved to a new id",
         [](DesiredState&, ObservedState& o) {
             o.image_ids["redis:7"] = "sha256:abcdef0123456789abcdef";
             find(o, "monorepo-redis")->image_id = "sha256:1234567890ab1234567890";
         },
         "  -/+ container monorepo-redis (redis): replace (stop first)\n"
         "      # image 'redis:7' now points to sha256:abcdef012345\u2026 (was sha256:1234567890ab\u2026)\n\n"
         "Plan: 1 to add, 0 to change, 1 to destroy.\n"},
        {"memory changed: update in place",
         [](DesiredState& d, ObservedState& o) {
             for (auto& c : find(d, "redis")->containers) c.spec.memory_limit = Bytes{1 << 30};
             find(o, "monorepo-redis")->spec.memory_limit = Bytes{512 << 20};
         },
         "  ~ container monorepo-redis (redis): update in place\n"
         "      memory: 512M -> 1G\n\n"
         "Plan: 0 to add, 1 to change, 0 to destroy.\n"},
        {"restart policy and cpus changed by hand",
         [](DesiredState& d, ObservedState& o) {
             for (auto& c : find(d, "redis")->containers) c.spec.cpu_limit = NanoCpus{500'000'000};
             auto* r = find(o, "monorepo-redis");
             r->spec.cpu_limit = NanoCpus{250'000'000};
             r->spec.restart = RestartPolicy::no;
         },
         "  ~ container monorepo-redis (redis): update in place\n"
         "      cpus: 0.25 -> 0.5\n"
         "      restart: no -> unless-stopped\n\n"
         "Plan: 0 to add, 1 to change, 0 to destroy.\n"},
        {"a limit set by hand that the topology does not have: the engine cannot lift it, so recreate",
         [](DesiredState&, ObservedState& o) {
             auto* r = find(o, "monorepo-redis");
             r->spec.cpu_limit = NanoCpus{250'000'000};
             r->spec.memory_limit = Bytes{64 << 20};
         },
         "  -/+ container monorepo-redis (redis): replace (stop first)\n"
         "      cpus: 0.25 -> (none)\n"
         "      memory: 64M -> (none)\n\n"
         "Plan: 1 to add, 0 to change, 1 to destroy.\n"},
        {"disconnected from a network",
         [](DesiredState&, ObservedState& o) { find(o, "monorepo-redis")->connected_networks.clear(); },
         "  ~ container monorepo-redis (redis): reconnect\n"
         "      networks: (none) -> monorepo_net\n\n"
         "Plan: 0 to add, 1 to change, 0 to destroy.\n"},
        {"scale down removes the highest numbers first",
         [](DesiredState& d, ObservedState&) { set_replicas(*find(d, "celery-worker"), 1); },
         "  - container turfoo-celery-worker-2 (turfoo/celery-worker): scale down 2 -> 1\n\n"
         "Plan: 0 to add, 0 to change, 1 to destroy.\n"},
        {"scale up",
         [](DesiredState& d, ObservedState&) { set_replicas(*find(d, "celery-worker"), 3); },
         "  + container turfoo-celery-worker-3 (turfoo/celery-worker)\n\n"
         "Plan: 1 to add, 0 to change, 0 to destroy.\n"},
        {"service no longer declared",
         [](DesiredState& d, ObservedState& o) {
             auto beat = service("turfoo", "celery-beat", "turfoo/app:1", 1, false);
             o.containers.push_back(running(beat, beat.containers[0]));
             (void)d;
         },
         "  - container turfoo-celery-beat (turfoo/celery-beat): service no longer declared\n\n"
         "Plan: 0 to add, 0 to change, 1 to destroy.\n"},
        {"disabled in the profile",
         [](DesiredState& d, ObservedState& o) {
             auto insight = service(kGlobalProject, "redisinsight", "redisinsight:2", 1, false);
             o.containers.push_back(running(insight, insight.containers[0]));
             d.disabled.push_back(insight.key);
         },
         "  - container monorepo-redisinsight (redisinsight): disabled in profile 'dev'\n\n"
         "Plan: 0 to add, 0 to change, 1 to destroy.\n"},
        {"duplicate claim on one replica",
         [](DesiredState&, ObservedState& o) {
             auto dup = *find(o, "turfoo-celery-worker-1");
             dup.id = "id-dup";
             dup.name = "turfoo-celery-worker-1-next";
             o.containers.push_back(dup);
         },
         "  - container turfoo-celery-worker-1-next (turfoo/celery-worker): duplicate of replica 1\n\n"
         "Plan: 0 to add, 0 to change, 1 to destroy.\n"},
        {"a foreign container holds a needed name",
         [](DesiredState&, ObservedState& o) {
             auto c = *find(o, "monorepo-redis");
             std::erase_if(o.containers, [](auto& x) { return x.name == "monorepo-redis"; });
             c.labels.clear();
             c.id = "1a2b3c4d5e6f7a8b9c";
             o.foreign_containers.push_back(c);
         },
         "error: container monorepo-redis (id 1a2b3c4d5e6f) has no io.infractl labels (hint: remove or rename it; "
         "infractl never takes over objects it did not create)\n\n"
         "Plan: 0 to add, 0 to change, 0 to destroy.\n"},
        {"network no longer declared and unused",
         [](DesiredState&, ObservedState& o) {
             o.networks.push_back({"nid-old", "monorepo_old", false, "bridge", {{label::stack, "monorepo"}}, {}});
             o.volumes.push_back({"monorepo_turfoo_olddata", {{label::stack, "monorepo"}, {label::project, "turfoo"}}});
         },
         "  - network monorepo_old: no longer declared\n\n"
         "Plan: 0 to add, 0 to change, 1 to destroy.\n"},
        {"two networks of ours share a name: the duplicate goes first - by id",
         [](DesiredState&, ObservedState& o) {
             o.networks[0].container_ids = {"cid-redis"};
             ObservedNetwork dup = o.networks[0];
             dup.id = "0000dup0000dup";
             dup.container_ids.clear();
             o.networks.push_back(dup);
         },
         "  - network 0000dup0000dup: duplicate of network monorepo_net (id nid-monorepo): two creates raced\n\n"
         "Plan: 0 to add, 0 to change, 1 to destroy.\n"},
        {"volumes go only with prune_volumes",
         [](DesiredState&, ObservedState& o) {
             o.volumes.push_back({"monorepo_turfoo_olddata", {{label::stack, "monorepo"}, {label::project, "turfoo"}}});
         },
         "  - volume monorepo_turfoo_olddata: no longer declared\n\n"
         "Plan: 0 to add, 0 to change, 1 to destroy.\n",
         DiffOptions{"", true}},
        {"dead container is replaced",
         [](DesiredState&, ObservedState& o) { find(o, "monorepo-redis")->state = ContainerState::dead; },
         "  -/+ container monorepo-redis (redis): replace (stop first)\n"
         "      # container is dead\n\n"
         "Plan: 1 to add, 0 to change, 1 to destroy.\n"},
    };
    for (const auto& c : cases) {
        SECTION(c.name) {
            DesiredState d = monorepo();
            ObservedState o = matching(d);
            c.mutate(d, o);
            CHECK(plan_text(d, o, c.opts) == kHead + c.expected);
        }
    }
}

TEST_CASE("diff: a fresh stack creates networks and volumes first - then services in dependency order") {
    DesiredState d = monorepo();
    ObservedState o;
    o.stack = "monorepo";
    Plan p = diff(d, o, {});
    CHECK(render_plan_text(p, {}) == kHead +
                                         "  + network monorepo_net\n"
                                         "  + volume monorepo_turfoo_pgdata\n"
                                         "  + container monorepo-redis (redis)\n"
                                         "  + container turfoo-postgres (turfoo/postgres)\n"
                                         "  + container turfoo-celery-worker-1 (turfoo/celery-worker)\n"
                                         "  + container turfoo-celery-worker-2 (turfoo/celery-worker)\n\n"
                                         "Plan: 6 to add, 0 to change, 0 to destroy.\n");
    REQUIRE(p.actions.size() == 6);
    CHECK(p.actions[2].reason == "not created yet");
    CHECK(p.actions[2].after == std::vector<std::size_t>{0});
    CHECK(p.actions[3].after == std::vector<std::size_t>{0, 1});
    CHECK(p.actions[4].after == std::vector<std::size_t>{0, 2, 3});
    CHECK(p.actions[5].after == std::vector<std::size_t>{0, 2, 3});
    for (std::size_t i = 0; i < p.actions.size(); ++i)
        for (auto a : p.actions[i].after) CHECK(a < i);
}

TEST_CASE("diff: rolling replacement chains the replicas and scale-down waits for the service's work") {
    DesiredState d = monorepo();
    ObservedState o = matching(d);
    auto* w = find(d, "celery-worker");
    w->config_hash = "hash-worker-2";
    ObservedContainer extra = *find(o, "turfoo-celery-worker-2");
    extra.id = "id-3";
    extra.name = "turfoo-celery-worker-3";
    extra.labels[label::replica] = "3";
    o.containers.push_back(extra);
    Plan p = diff(d, o, {});
    REQUIRE(p.actions.size() == 3);
    CHECK(p.actions[0].order == ReplaceOrder::start_first);
    CHECK(p.actions[1].after == std::vector<std::size_t>{0});
    CHECK(p.actions[2].kind == ActionKind::remove);
    CHECK(p.actions[2].reason == "scale down 3 -> 2");
    CHECK(p.actions[2].after == std::vector<std::size_t>{0, 1});
    CHECK(p.actions[0].container_id == "id-turfoo-celery-worker-1");
}

TEST_CASE("diff: a missing replica of a running service says which") {
    DesiredState d = monorepo();
    ObservedState o = matching(d);
    set_replicas(*find(d, "celery-worker"), 3);
    Plan p = diff(d, o, {});
    REQUIRE(p.actions.size() == 1);
    CHECK(p.actions[0].reason == "replica 3 of 3 is missing");
}

TEST_CASE("diff: a replicated service with a fixed host port is replaced stop-first") {
    DesiredState d = monorepo();
    ObservedState o = matching(d);
    auto* w = find(d, "celery-worker");
    w->config_hash = "hash-worker-2";
    w->spec.ports.push_back({"127.0.0.1", 5555, 5555, "tcp", {}});
    Plan p = diff(d, o, {});
    REQUIRE(!p.actions.empty());
    CHECK(p.actions[0].order == ReplaceOrder::stop_first);
}

TEST_CASE("diff: oneshots that completed stay - failed ones run again") {
    DesiredState d = monorepo();
    auto migrate = service("turfoo", "migrate", "turfoo/app:1", 1, false);
    migrate.oneshot = true;
    d.services.push_back(migrate);
    ObservedState o = matching(d);
    auto* m = find(o, "turfoo-migrate");
    m->state = ContainerState::exited;
    m->exit_code = 0;
    CHECK(diff(d, o, {}).empty());
    m->exit_code = 3;
    Plan p = diff(d, o, {});
    REQUIRE(p.actions.size() == 1);
    CHECK(p.actions[0].kind == ActionKind::start);
    CHECK(p.actions[0].reason == "oneshot exited with code 3; running it again");
}

TEST_CASE("diff: a project scope takes its global dependencies and leaves other projects alone") {
    DesiredState d = monorepo();
    d.services.push_back(service("order", "postgres", "postgres:16", 1, false));
    d.services.push_back(service(kGlobalProject, "minio", "minio:1", 1, false));
    ObservedState o;
    o.stack = "monorepo";
    auto gone = service("order", "old", "x:1", 1, false);
    o.containers.push_back(running(gone, gone.containers[0]));
    Plan p = diff(d, o, DiffOptions{"turfoo", false});
    std::vector<std::string> targets;
    for (const auto& a : p.actions) targets.push_back(a.target);
    CHECK(p.actions[4].reason == "not created yet");
    CHECK(targets == std::vector<std::string>{"monorepo_net", "monorepo_turfoo_pgdata", "monorepo-redis",
                                              "turfoo-postgres", "turfoo-celery-worker-1",
                                              "turfoo-celery-worker-2"});
}

TEST_CASE("diff: a foreign container blocks only the action that would touch it") {
    DesiredState d = monorepo();
    ObservedState o;
    o.stack = "monorepo";
    ObservedContainer foreign;
    foreign.id = "abc";
    foreign.name = "turfoo-postgres";
    foreign.labels = {{label::stack, "other"}};
    o.foreign_containers.push_back(foreign);
    Plan p = diff(d, o, {});
    REQUIRE(p.conflicts.size() == 1);
    CHECK(p.conflicts[0].detail == "container turfoo-postgres (id abc) belongs to stack 'other'");
    REQUIRE_FALSE(p.actions.empty());  // the rest of the stack is still planned
    for (const auto& a : p.actions) CHECK(a.target != "turfoo-postgres");
}
