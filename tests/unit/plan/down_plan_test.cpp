#include <catch2/catch.hpp>

#include "infractl/plan/down.hpp"
#include "infractl/plan/render.hpp"
#include "support/desired_builders.hpp"

using namespace infractl;
using namespace plan_fixtures;

namespace {

// matching() already holds the project volume monorepo_turfoo_pgdata (without
// a project label: add it, as resolve does).
ObservedState with_global_volume(ObservedState o) {
    for (auto& v : o.volumes) v.labels[label::project] = "turfoo";
    o.volumes.push_back({"monorepo_redis-data", {{label::stack, "monorepo"}, {label::project, kGlobalProject}}});
    return o;
}

std::vector<std::string> targets(const Plan& p) {
    std::vector<std::string> out;
    for (const auto& a : p.actions) out.push_back(std::string(to_string(a.kind)) + " " + a.target);
    return out;
}

}  // namespace

TEST_CASE("down: dependents first - globals last - volumes only with --volumes") {
    DesiredState d = monorepo();
    ObservedState o = with_global_volume(matching(d));
    CHECK(targets(plan_down(o, &d, {})) ==
          std::vector<std::string>{"remove turfoo-celery-worker-1", "remove turfoo-celery-worker-2",
                                   "remove turfoo-postgres", "remove monorepo-redis",
                                   "remove_network monorepo_net"});
    CHECK(targets(plan_down(o, &d, {"", true, false})).size() == 7);
}

TEST_CASE("down --volumes after a plain down still removes the global volumes") {
    DesiredState d = monorepo();
    ObservedState o = with_global_volume(matching(d));
    o.containers.clear();  // an earlier `down` removed every container
    CHECK(targets(plan_down(o, &d, {"", true, false})) ==
          std::vector<std::string>{"remove_network monorepo_net", "remove_volume monorepo_turfoo_pgdata",
                                   "remove_volume monorepo_redis-data"});
    // A project's down never takes a global volume it did not free itself.
    CHECK(targets(plan_down(o, &d, {"turfoo", true, false})) ==
          std::vector<std::string>{"remove_network monorepo_net", "remove_volume monorepo_turfoo_pgdata"});
}
