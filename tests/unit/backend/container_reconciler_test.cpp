// The Docker backend behind the Reconciler seam, on the in-memory engine.
#include <catch2/catch.hpp>

#include "infractl/backend/container_reconciler.hpp"
#include "infractl/core/error.hpp"
#include "support/desired_builders.hpp"
#include "support/memory_engine.hpp"

using namespace infractl;
using namespace plan_fixtures;

namespace {

std::unique_ptr<MemoryEngine> engine_with_images(const DesiredState& d) {
    auto e = std::make_unique<MemoryEngine>();
    for (const auto& s : d.services) e->add_image(s.spec.image, "sha256:" + s.spec.image);
    return e;
}

ApplyOptions fast() {
    ApplyOptions o;
    o.poll_interval = Duration{1'000'000};
    o.wait_timeout = Duration{2'000'000'000};
    return o;
}

}  // namespace

TEST_CASE("reconciler: plans need a snapshot; observe - plan - apply converges") {
    DesiredState d = monorepo();
    auto owned = engine_with_images(d);
    MemoryEngine& e = *owned;
    ContainerReconciler r(std::move(owned));
    CHECK(std::string(r.backend()) == "docker");
    CHECK_THROWS_AS(r.plan_up(d, {}), Error);

    r.observe(d.stack, &d);
    Plan p = r.plan_up(d, {});
    CHECK(p.to_add() == 6);
    ApplyResult res = r.apply(p, fast());
    CHECK(res.ok());
    // The snapshot is stale after apply until observed again.
    CHECK(r.plan_up(d, {}).to_add() == 6);
    r.observe(d.stack, &d);
    CHECK(r.plan_up(d, {}).empty());
    CHECK(e.container("turfoo-celery-worker-2").has_value());

    std::vector<ServiceStatus> rows = r.status(d);
    REQUIRE(rows.size() == 3);
    CHECK(rows[2].running == 2);
}

TEST_CASE("reconciler: a scale scope keeps only its services' actions and scope") {
    DesiredState d = monorepo();
    ContainerReconciler r(engine_with_images(d));
    r.observe(d.stack, &d);
    Plan p = r.plan_up(d, PlanScope{"", {ServiceKey{"turfoo", "celery-worker"}}});
    // The worker's containers, plus the network it needs; not redis or postgres.
    std::vector<std::string> targets;
    for (const auto& a : p.actions) targets.push_back(a.target);
    CHECK(targets ==
          std::vector<std::string>{"monorepo_net", "monorepo_turfoo_pgdata", "turfoo-celery-worker-1",
                                   "turfoo-celery-worker-2"});
    REQUIRE(p.scope.size() == 1);
    CHECK(p.scope[0].key == ServiceKey{"turfoo", "celery-worker"});
}
