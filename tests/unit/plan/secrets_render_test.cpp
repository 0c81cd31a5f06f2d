// Secrets in what infractl prints: `render` (text and JSON), `plan` (text and
// JSON) and `status` mask secret-looking names, env_file values and URL
// passwords as "(sensitive)" unless --show-secrets, while the config hash
// still follows the real values, so a changed secret recreates the container.
#include <catch2/catch.hpp>

#include "support/memory_engine.hpp"
#include "infractl/plan/diff.hpp"
#include "infractl/plan/render.hpp"
#include "infractl/resolve/resolve.hpp"
#include "infractl/status/status.hpp"
#include "infractl/topology/loader.hpp"
#include "infractl/topology/validate.hpp"

using namespace infractl;

namespace {

// Every secret below contains "hunter2", so one search finds any leak.
const char* kTopology = R"(version: 1
stack: sec
globals:
  app:
    image: busybox
    command: ["app", "--dsn", "postgresql://app:hunter2-cmd@db/app"]
    environment:
      DB_PASSWORD: ${PW}
      API_KEY: hunter2-key
      SESSION_SECRET: hunter2-session
      GITHUB_TOKEN: hunter2-token
      DATABASE_URL: postgresql://app:${PW}@db:5432/app
      KEYCLOAK_URL: http://keycloak:8080
      PLAIN: visible-value
)";

const char* kManagedProfile = R"(version: 1
profile: test
globals:
  db:
    managed: {endpoint: "postgresql://app:hunter2-endpoint@rds.internal/app", env: DATABASE_URL}
)";

const char* kManagedTopology = R"(version: 1
stack: sec
globals:
  db: {image: postgres}
  app:
    image: busybox
    depends_on: [db]
)";

EnvLookup env_with(const std::string& pw) {
    return [pw](const std::string& name) -> std::optional<std::string> {
        if (name == "PW") return pw;
        return std::nullopt;
    };
}

DesiredState desired(const std::string& topology, const std::string& profile_text, const std::string& pw) {
    Diagnostics diags;
    Topology t = load_topology_text(topology, "t.yaml", env_with(pw), diags);
    Profile p = profile_text.empty() ? Profile{} : load_profile_text(profile_text, "test.yaml", env_with(pw), diags);
    if (!diags.has_errors()) validate_topology(t, diags);
    if (!diags.has_errors()) validate_profile(t, p, diags);
    DesiredState d = resolve(t, p, {}, diags);
    for (const auto& e : diags.sorted()) INFO(e.str());
    REQUIRE_FALSE(diags.has_errors());
    return d;
}

void apply_all(MemoryEngine& engine, const DesiredState& d) {
    for (const auto& n : d.networks) engine.create_network(n);
    for (const auto& s : d.services)
        for (const auto& c : s.containers) engine.start_container(engine.create_container(c.name, c.spec));
}

}  // namespace

TEST_CASE("render masks secret names and URL passwords - --show-secrets shows them", "[secrets][render]") {
    DesiredState d = desired(kTopology, "", "hunter2-pw");
    for (bool json : {false, true}) {
        INFO((json ? "json" : "text"));
        std::string masked = json ? render_state_json(d, {}) : render_state_text(d, {});
        CHECK(masked.find("hunter2") == std::string::npos);
        CHECK(masked.find("visible-value") != std::string::npos);
        CHECK(masked.find("http://keycloak:8080") != std::string::npos);
        CHECK(masked.find("postgresql://app:(sensitive)@db:5432/app") != std::string::npos);
        CHECK(masked.find("postgresql://app:(sensitive)@db/app") != std::string::npos);
        std::string shown = json ? render_state_json(d, {false, true}) : render_state_text(d, {false, true});
        for (const char* s : {"hunter2-pw", "hunter2-key", "hunter2-session", "hunter2-token", "hunter2-cmd"}) {
            INFO(s);
            CHECK(shown.find(s) != std::string::npos);
        }
    }
    std::string text = render_state_text(d, {});
    CHECK(text.find("      DB_PASSWORD=(sensitive)\n") != std::string::npos);
    CHECK(text.find("      API_KEY=(sensitive)\n") != std::string::npos);
    CHECK(text.find("      KEYCLOAK_URL=http://keycloak:8080\n") != std::string::npos);
    CHECK(text.find("    command: app --dsn 'postgresql://app:(sensitive)@db/app'\n") != std::string::npos);
}

TEST_CASE("every value from an env_file is masked - whatever its name", "[secrets][render]") {
    Diagnostics diags;
    Topology t = load_topology_file(std::string(INFRACTL_SOURCE_DIR) + "/tests/data/valid/monorepo.yaml",
                                    env_with("x"), diags);
    DesiredState d = resolve(t, Profile{}, {}, diags);
    REQUIRE_FALSE(diags.has_errors());
    std::string text = render_state_text(d, {});
    CHECK(text.find("      POSTGRES_INITDB_ARGS=(sensitive)\n") != std::string::npos);
    CHECK(text.find("--data-checksums") == std::string::npos);
    CHECK(text.find("s3cret") == std::string::npos);
    CHECK(render_state_text(d, {false, true}).find("POSTGRES_INITDB_ARGS=--data-checksums") != std::string::npos);
}

TEST_CASE("a managed endpoint's password is masked in render and status", "[secrets][render][status]") {
    DesiredState d = desired(kManagedTopology, kManagedProfile, "x");
    for (const std::string& out :
         {render_state_text(d, {}), render_state_json(d, {}),
          render_status_text(build_status(d, ObservedState{}), false),
          render_status_json(build_status(d, ObservedState{}), "sec", "test")}) {
        INFO(out);
        CHECK(out.find("hunter2") == std::string::npos);
        CHECK(out.find("postgresql://app:(sensitive)@rds.internal/app") != std::string::npos);
    }
    CHECK(render_status_text(build_status(d, ObservedState{}), false, true).find("hunter2-endpoint") !=
          std::string::npos);
    CHECK(render_state_text(d, {false, true}).find("hunter2-endpoint") != std::string::npos);
}

TEST_CASE("changing only a secret recreates - and the plan masks the value", "[secrets][plan]") {
    DesiredState before = desired(kTopology, "", "hunter2-old");
    DesiredState after = desired(kTopology, "", "hunter2-new");
    REQUIRE(before.services.size() == 1);
    CHECK(before.services[0].config_hash != after.services[0].config_hash);

    MemoryEngine engine;
    engine.add_image("busybox");
    apply_all(engine, before);
    Plan same = diff(before, engine.observe("sec", &before), {});
    CHECK(same.empty());

    Plan plan = diff(after, engine.observe("sec", &after), {});
    REQUIRE(plan.actions.size() == 1);
    CHECK(plan.actions[0].kind == ActionKind::recreate);
    std::string text = render_plan_text(plan, {});
    INFO(text);
    CHECK(text.find("hunter2") == std::string::npos);
    CHECK(text.find("      environment.DB_PASSWORD: (sensitive) -> (sensitive)\n") != std::string::npos);
    CHECK(text.find("      environment.DATABASE_URL: postgresql://app:(sensitive)@db:5432/app -> "
                    "postgresql://app:(sensitive)@db:5432/app\n") != std::string::npos);
    std::string json = render_plan_json(plan, {});
    CHECK(json.find("hunter2") == std::string::npos);
    CHECK(json.find("\"(sensitive)\"") != std::string::npos);
    std::string shown = render_plan_text(plan, {false, true});
    CHECK(shown.find("      environment.DB_PASSWORD: hunter2-old -> hunter2-new\n") != std::string::npos);
    CHECK(render_plan_json(plan, {false, true}).find("hunter2-new") != std::string::npos);
}
