// The bundled example (specs/monorepo.yaml) resolved with each profile and
// rendered, compared byte for byte with tests/golden/render-<profile>.{txt,json}.
// After an intended change: scripts/update-goldens.sh, then review the diff
// of tests/golden/ like code.
#include <catch2/catch.hpp>

#include "infractl/plan/render.hpp"
#include "support/example.hpp"
#include "support/golden.hpp"

using namespace infractl;

namespace {

using test::resolve_example;

void compare_golden(const std::string& name, const DesiredState& state, const std::string& actual) {
    test::check_golden("tests/golden/" + name, test::portable(state, actual));
}

}  // namespace

TEST_CASE("golden: render of the example with each profile", "[resolve][golden]") {
    for (const std::string profile : {"dev", "staging", "prod"}) {
        INFO("profile " << profile);
        DesiredState state = resolve_example(profile);
        compare_golden("render-" + profile + ".txt", state, render_state_text(state, RenderOptions{}));
        compare_golden("render-" + profile + ".json", state, render_state_json(state, RenderOptions{}));
    }
}

TEST_CASE("golden: resolving twice gives byte-identical renders", "[resolve][golden]") {
    for (const std::string profile : {"dev", "staging", "prod"}) {
        INFO("profile " << profile);
        RenderOptions show{false, true};
        CHECK(render_state_text(resolve_example(profile), show) == render_state_text(resolve_example(profile), show));
        CHECK(render_state_json(resolve_example(profile), show) == render_state_json(resolve_example(profile), show));
    }
}

TEST_CASE("golden: the example's shape per profile", "[resolve][golden]") {
    DesiredState dev = resolve_example("dev");
    CHECK(dev.services.size() == 9);
    CHECK(dev.networks.size() == 1);
    DesiredState staging = resolve_example("staging");
    CHECK(staging.find({"turfoo", "celery-worker"})->containers.size() == 3);
    CHECK(staging.disabled.size() == 1);
    DesiredState prod = resolve_example("prod");
    CHECK(prod.managed.size() == 4);
    CHECK(prod.services.size() == 4);
    CHECK(prod.find({"order", "celery-worker"})->spec.environment.at("CELERY_BROKER_URL").value ==
          "redis://cache.prod.internal:6379/0");
    CHECK(prod.find({"order", "celery-beat"})->spec.networks ==
          std::vector<std::string>{"monorepo_app", "monorepo_data"});
}
