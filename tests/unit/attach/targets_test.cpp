#include <catch2/catch.hpp>

#include "infractl/attach/targets.hpp"
#include "infractl/core/error.hpp"
#include "support/desired_builders.hpp"

using namespace infractl;

namespace {

DesiredState stack() {
    DesiredState d;
    d.stack = "monorepo";
    d.services = {plan_fixtures::service(kGlobalProject, "redis", "redis:7", 1, false),
                  plan_fixtures::service("turfoo", "celery-worker", "celery:5", 2, true),
                  plan_fixtures::service("turfoo", "postgres", "postgres:15", 1, false)};
    return d;
}

ObservedContainer container(const std::string& project, const std::string& service, int replica,
                            ContainerState state) {
    ObservedContainer c;
    c.name = project + "-" + service + "-" + std::to_string(replica);
    c.id = "id-" + c.name;
    c.labels = {{label::stack, "monorepo"},
                {label::project, project},
                {label::service, service},
                {label::replica, std::to_string(replica)}};
    c.state = state;
    c.exit_code = state == ContainerState::exited ? 2 : 0;
    return c;
}

std::string message(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return std::string(e.what()) + (e.hint().empty() ? "" : " (hint: " + e.hint() + ")");
    }
    return "no error";
}

}  // namespace

TEST_CASE("targets: unknown project or service is one clear error", "[unit][attach]") {
    DesiredState d = stack();
    CHECK(message([&] { check_selection(d, "turfo", "", {}); }) ==
          "unknown project 'turfo' (hint: did you mean 'turfoo'?)");
    CHECK(message([&] { check_selection(d, "turfoo", "celery-wroker", {}); }) ==
          "unknown service 'celery-wroker' in project 'turfoo' (hint: did you mean 'celery-worker'?)");
    CHECK(message([&] { check_selection(d, "global", "reddis", {}); }) ==
          "unknown service 'reddis' in project 'global' (hint: did you mean 'redis'?)");
    CHECK(check_selection(d, "global", "redis", {}).project == kGlobalProject);
    CHECK(check_selection(d, "", "", 2).replica == 2);
}

TEST_CASE("targets: selected by labels, sorted; exec picks the lowest running replica", "[unit][attach]") {
    std::vector<ObservedContainer> listed = {container("turfoo", "celery-worker", 2, ContainerState::running),
                                             container("turfoo", "celery-worker", 1, ContainerState::exited),
                                             container("turfoo", "postgres", 1, ContainerState::running),
                                             container(kGlobalProject, "redis", 1, ContainerState::running)};
    auto all = select_targets(listed, {});
    REQUIRE(all.size() == 4);
    CHECK(all[0].label() == "redis#1");
    CHECK(all[1].label() == "turfoo/celery-worker#1");

    auto workers = select_targets(listed, {"turfoo", "celery-worker", {}});
    REQUIRE(workers.size() == 2);
    ServiceKey key{"turfoo", "celery-worker"};
    CHECK(pick_running(workers, key, {}).replica == 2);
    CHECK(pick_running(workers, key, 2).replica == 2);
    CHECK(message([&] { pick_running(workers, key, 1); }) ==
          "turfoo/celery-worker#1 is not running (exited with code 2) (hint: start it with `infractl up`; "
          "`infractl status` shows its replicas)");
    CHECK(message([&] { pick_running(workers, key, 5); }) ==
          "turfoo/celery-worker has no replica 5 (replicas: 1, 2) (hint: pick one with --replica N)");
    auto stopped = select_targets({container("turfoo", "celery-worker", 1, ContainerState::exited)}, {});
    CHECK(message([&] { pick_running(stopped, key, {}); }) ==
          "turfoo/celery-worker has no running replica (hint: start it with `infractl up`; `infractl status` "
          "shows its replicas)");
    CHECK(message([&] { pick_running({}, key, {}); }) ==
          "turfoo/celery-worker has no container: nothing to run in (hint: start it with `infractl up`; "
          "`infractl status` shows its replicas)");
}
