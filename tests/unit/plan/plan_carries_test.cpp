// The plan carries everything apply needs (plan.hpp): the executor reads
// nothing but the plan, so these fields are what a saved or filtered plan
// must keep.
#include <catch2/catch.hpp>

#include "infractl/plan/diff.hpp"
#include "infractl/plan/filter.hpp"
#include "support/desired_builders.hpp"

using namespace infractl;
using namespace plan_fixtures;

namespace {

const Action& action_for(const Plan& p, const std::string& target) {
    for (const auto& a : p.actions)
        if (a.target == target) return a;
    FAIL("no action for " << target);
    throw;
}

}  // namespace

TEST_CASE("plan: creates carry their dependency waits and pull policy; objects carry their definitions") {
    DesiredState d = monorepo();
    find(d, "celery-worker")->pull_policy = PullPolicy::always;
    find(d, "celery-worker")->depends_on[1].condition = DependCondition::service_healthy;
    ObservedState o;
    o.stack = "monorepo";
    Plan p = diff(d, o, {});

    const Action& worker = action_for(p, "turfoo-celery-worker-1");
    CHECK(worker.pull == PullPolicy::always);
    REQUIRE(worker.waits.size() == 2);
    CHECK(worker.waits[0].target == ServiceKey{kGlobalProject, "redis"});
    CHECK(worker.waits[0].condition == DependCondition::service_started);
    CHECK(worker.waits[0].containers == std::vector<std::string>{"monorepo-redis"});
    CHECK(worker.waits[1].target == ServiceKey{"turfoo", "postgres"});
    CHECK(worker.waits[1].condition == DependCondition::service_healthy);
    CHECK(worker.waits[1].containers == std::vector<std::string>{"turfoo-postgres"});
    CHECK(action_for(p, "monorepo-redis").waits.empty());
    CHECK(action_for(p, "monorepo-redis").pull == PullPolicy::missing);

    const Action& net = action_for(p, "monorepo_net");
    CHECK(net.kind == ActionKind::create_network);
    CHECK(net.network.name == "monorepo_net");
    CHECK(net.network.labels.at(label::stack) == "monorepo");
    const Action& vol = action_for(p, "monorepo_turfoo_pgdata");
    CHECK(vol.kind == ActionKind::create_volume);
    CHECK(vol.volume.project == "turfoo");
}

TEST_CASE("plan: the scope lists the services in dependency order with their containers") {
    DesiredState d = monorepo();
    ObservedState o;
    o.stack = "monorepo";
    Plan all = diff(d, o, {});
    REQUIRE(all.scope.size() == 3);
    CHECK(all.scope[0].key == ServiceKey{kGlobalProject, "redis"});
    CHECK(all.scope[2].key == ServiceKey{"turfoo", "celery-worker"});
    CHECK(all.scope[2].containers ==
          std::vector<std::string>{"turfoo-celery-worker-1", "turfoo-celery-worker-2"});

    // A converged stack still has a scope: `up --wait` waits for it.
    Plan none = diff(d, matching(d), {});
    CHECK(none.empty());
    CHECK(none.scope.size() == 3);

    // Another project's scope leaves turfoo out but keeps the globals it needs.
    DesiredState two = monorepo();
    auto other = *find(two, "celery-worker");
    other.key.project = "order";
    other.depends_on = {{{kGlobalProject, "redis"}, DependCondition::service_started}};
    two.services.push_back(other);
    Plan order = diff(two, o, DiffOptions{"order", false});
    REQUIRE(order.scope.size() == 2);
    CHECK(order.scope[0].key == ServiceKey{kGlobalProject, "redis"});
    CHECK(order.scope[1].key == ServiceKey{"order", "celery-worker"});
}

TEST_CASE("plan: a filtered plan keeps the fields apply reads") {
    DesiredState d = monorepo();
    ObservedState o;
    o.stack = "monorepo";
    Plan full = diff(d, o, {});
    Plan only = filter_plan(full, [](const Action& a) { return a.service.service == "celery-worker"; });
    REQUIRE(only.actions.size() == 2);
    CHECK(only.actions[0].waits.size() == 2);
    CHECK(only.scope.size() == full.scope.size());
}
