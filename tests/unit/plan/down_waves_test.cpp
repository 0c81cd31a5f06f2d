#include <catch2/catch.hpp>

#include "infractl/plan/down.hpp"
#include "support/desired_builders.hpp"

using namespace infractl;
using namespace plan_fixtures;

namespace {

// "target <- what it waits for", one line per container removal.
std::vector<std::string> waits(const Plan& p) {
    std::vector<std::string> out;
    for (const auto& a : p.actions) {
        if (a.kind != ActionKind::remove) continue;
        std::string line = a.target + " <-";
        for (std::size_t d : a.after) line += " " + p.actions[d].target;
        out.push_back(line);
    }
    return out;
}

}  // namespace

TEST_CASE("down: services that do not depend on each other are removed together - not one by one") {
    DesiredState d = monorepo();
    d.services.push_back(service("turfoo", "api", "turfoo/app:1", 1, true));
    d.services.push_back(service("turfoo", "web", "turfoo/app:1", 1, true));
    CHECK(waits(plan_down(matching(d), &d, {})) ==
          std::vector<std::string>{
              "turfoo-api-1 <-",
              "turfoo-celery-worker-1 <-",
              "turfoo-celery-worker-2 <-",
              "turfoo-web-1 <-",
              "turfoo-postgres <- turfoo-api-1 turfoo-celery-worker-1 turfoo-celery-worker-2 turfoo-web-1",
              "monorepo-redis <- turfoo-api-1 turfoo-celery-worker-1 turfoo-celery-worker-2 turfoo-web-1 "
              "turfoo-postgres",
          });
}
