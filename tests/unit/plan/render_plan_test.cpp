#include <catch2/catch.hpp>

#include "infractl/plan/render.hpp"
#include "support/golden.hpp"

using namespace infractl;

namespace {

void check_golden(const std::string& name, const std::string& actual) {
    test::check_golden("tests/golden/" + name, actual);
}

Action container(ActionKind kind, std::string target, ServiceKey key, std::string reason,
                 std::vector<FieldChange> changes = {}) {
    Action a;
    a.kind = kind;
    a.target = std::move(target);
    a.service = std::move(key);
    a.reason = std::move(reason);
    a.changes = std::move(changes);
    return a;
}

Action object(ActionKind kind, std::string target, std::string reason) {
    Action a;
    a.kind = kind;
    a.target = std::move(target);
    a.reason = std::move(reason);
    return a;
}

Plan example_plan() {
    Plan p;
    p.stack = "monorepo";
    p.profile = "dev";
    p.actions.push_back(object(ActionKind::create_network, "monorepo_net", "not created yet"));
    p.actions.push_back(container(ActionKind::create, "turfoo-celery-worker-1", {"turfoo", "celery-worker"},
                                  "not created yet"));
    p.actions.back().replica = 1;
    p.actions.push_back(container(ActionKind::update, "monorepo-redis", {kGlobalProject, "redis"},
                                  "resources changed", {{"memory", "512M", "1G"}}));
    p.actions.push_back(container(ActionKind::recreate, "turfoo-postgres", {"turfoo", "postgres"},
                                  "configuration changed", {{"image", "postgres:16", "postgres:17"}}));
    p.actions.push_back(container(ActionKind::remove, "order-celery-worker-3", {"order", "celery-worker"},
                                  "scale down 3 -> 2"));
    p.actions.back().replica = 3;
    return p;
}

Plan all_kinds_plan() {
    Plan p = example_plan();
    p.actions.push_back(object(ActionKind::create_volume, "monorepo_turfoo_pgdata", "not created yet"));
    p.actions.push_back(container(ActionKind::start, "monorepo-minio", {kGlobalProject, "minio"},
                                  "container is exited (stopped outside infractl?)"));
    p.actions.push_back(container(ActionKind::reconnect, "turfoo-api-1", {"turfoo", "api"},
                                  "disconnected from monorepo_net (outside infractl?)",
                                  {{"networks", "", "monorepo_net"}}));
    Action r = container(ActionKind::recreate, "turfoo-api-2", {"turfoo", "api"}, "configuration changed",
                         {{"environment.API_KEY", "s3cr3t-old", "s3cr3t-new", true}, {"environment.MODE", "", "fast"}});
    r.order = ReplaceOrder::start_first;
    p.actions.push_back(r);
    p.actions.push_back(container(ActionKind::recreate, "turfoo-worker-1", {"turfoo", "worker"},
                                  "image 'turfoo/app:1' now points to sha256:abcdef012345\u2026 (was "
                                  "sha256:1234567890ab\u2026)"));
    p.actions.push_back(container(ActionKind::remove, "monorepo-redisinsight", {kGlobalProject, "redisinsight"},
                                  "disabled in profile 'dev'"));
    p.actions.push_back(object(ActionKind::remove_network, "monorepo_old", "no longer declared"));
    p.actions.push_back(object(ActionKind::remove_volume, "monorepo_turfoo_olddata", "no longer declared"));
    return p;
}

}  // namespace

TEST_CASE("render: the plan in terraform's style") {
    check_golden("plan-example.txt", render_plan_text(example_plan(), {}));
    check_golden("plan-all-kinds.txt", render_plan_text(all_kinds_plan(), {}));
    check_golden("plan-all-kinds-color.txt", render_plan_text(all_kinds_plan(), {true, false}));
}

TEST_CASE("render: no changes") {
    Plan p;
    p.stack = "monorepo";
    p.profile = "staging";
    CHECK(render_plan_text(p, {}) ==
          "infractl plan: stack 'monorepo', profile 'staging'\n\n"
          "No changes. Stack 'monorepo' matches the topology and profile 'staging'.\n");
    check_golden("plan-empty.json", render_plan_json(p, {}));
}

TEST_CASE("render: conflicts are errors before the summary") {
    Plan p = example_plan();
    p.conflicts.push_back({"container", "monorepo-redis", "container monorepo-redis (id 1a2b3c4d5e6f) has no io.infractl labels"});
    p.conflicts.push_back({"network", "monorepo_net", "network monorepo_net exists without this stack's labels"});
    check_golden("plan-conflicts.txt", render_plan_text(p, {}));
}

TEST_CASE("render: JSON schema version 1") {
    check_golden("plan-all-kinds.json", render_plan_json(all_kinds_plan(), {}));
}

TEST_CASE("render: secrets only with show_secrets") {
    Plan p = all_kinds_plan();
    std::string masked = render_plan_text(p, {});
    CHECK(masked.find("environment.API_KEY: (sensitive) -> (sensitive)") != std::string::npos);
    CHECK(masked.find("s3cr3t") == std::string::npos);
    std::string shown = render_plan_text(p, {false, true});
    CHECK(shown.find("environment.API_KEY: s3cr3t-old -> s3cr3t-new") != std::string::npos);
    CHECK(render_plan_json(p, {}).find("s3cr3t") == std::string::npos);
    CHECK(render_plan_json(p, {false, true}).find("\"to\": \"s3cr3t-new\"") != std::string::npos);
}

TEST_CASE("plan: counts - a replace is one add and one destroy") {
    Plan p = example_plan();
    CHECK(p.to_add() == 3);
    CHECK(p.to_change() == 1);
    CHECK(p.to_destroy() == 2);
    CHECK(std::string(symbol(ActionKind::reconnect)) == "~");
    CHECK(std::string(to_string(ActionKind::remove_volume)) == "remove_volume");
}
