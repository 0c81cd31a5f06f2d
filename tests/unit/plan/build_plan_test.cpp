// Which `build:` images a plan builds, and why.
#include <catch2/catch.hpp>

#include <set>

#include "infractl/plan/build_plan.hpp"
#include "infractl/plan/render.hpp"

using namespace infractl;

namespace {

DesiredService built(const std::string& project, const std::string& service, const std::string& tag) {
    DesiredService s;
    s.key = {project, service};
    s.spec.image = tag;
    s.build = BuildSpec{};
    s.build->context = "/ctx/" + service;
    return s;
}

struct Fixture {
    DesiredState desired;
    Plan plan;
    std::set<std::string> present;
    Fixture() {
        desired.services = {built("p", "worker", "infractl-build/p-worker:aaaa"),
                            built("p", "beat", "infractl-build/p-worker:aaaa"), DesiredService{}};
        desired.services[2].key = {"p", "redis"};
        desired.services[2].spec.image = "redis:7";
        for (const auto& s : desired.services) plan.scope.push_back({s.key, {}, false});
    }
    std::vector<ImageBuild> run(BuildMode mode) {
        return plan_builds(desired, plan, [&](const std::string& t) { return present.count(t) > 0; }, mode);
    }
};

}  // namespace

TEST_CASE("a missing tag is built once for every service that runs it", "[plan][build]") {
    Fixture f;
    auto builds = f.run(BuildMode::when_missing);
    REQUIRE(builds.size() == 1);
    CHECK(builds[0].image == "infractl-build/p-worker:aaaa");
    CHECK(builds[0].services == std::vector<ServiceKey>{{"p", "worker"}, {"p", "beat"}});
    CHECK(builds[0].reason == "tag missing");
}

TEST_CASE("a present tag is not rebuilt unless --build", "[plan][build]") {
    Fixture f;
    f.present.insert("infractl-build/p-worker:aaaa");
    CHECK(f.run(BuildMode::when_missing).empty());
    auto builds = f.run(BuildMode::always);
    REQUIRE(builds.size() == 1);
    CHECK(builds[0].reason == "--build");
}

TEST_CASE("a changed context names the image the containers run", "[plan][build]") {
    Fixture f;
    Action a;
    a.kind = ActionKind::recreate;
    a.service = {"p", "worker"};
    a.changes = {{"image", "infractl-build/p-worker:bbbb", "infractl-build/p-worker:aaaa", false}};
    f.plan.actions.push_back(a);
    auto builds = f.run(BuildMode::when_missing);
    REQUIRE(builds.size() == 1);
    CHECK(builds[0].reason == "context changed (was infractl-build/p-worker:bbbb)");
}

TEST_CASE("services outside the plan's scope are not built", "[plan][build]") {
    Fixture f;
    f.plan.scope = {{{"p", "redis"}, {}, false}};
    CHECK(f.run(BuildMode::always).empty());
}

TEST_CASE("a plan renders its builds first, with why, and counts them", "[plan][build][render]") {
    Plan plan;
    plan.stack = "s";
    plan.profile = "dev";
    ImageBuild b{"infractl-build/p-worker:aaaa", {{"p", "worker"}, {"p", "beat"}}, BuildSpec{}, "tag missing"};
    b.build.context = "/src/app";
    b.build.target = "prod";
    plan.builds.push_back(b);
    CHECK_FALSE(plan.empty());
    CHECK(render_plan_text(plan, {}) ==
          "infractl plan: stack 's', profile 'dev'\n\n"
          "  + image infractl-build/p-worker:aaaa (p/worker, p/beat): build, tag missing\n"
          "      context: /src/app, dockerfile: Dockerfile, target: prod\n\n"
          "Plan: 1 to build, 0 to add, 0 to change, 0 to destroy.\n");
    std::string json = render_plan_json(plan, {});
    CHECK_THAT(json, Catch::Contains(R"("builds": [)"));
    CHECK_THAT(json, Catch::Contains(R"("reason": "tag missing")"));
    CHECK(render_plan_json(Plan{}, {}).find("builds") == std::string::npos);
}
