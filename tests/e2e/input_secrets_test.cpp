// Secrets against the real engine: the container gets the real values, but
// nothing infractl prints (up/plan/render/status, text and JSON, -vv logs with
// every engine call) shows them; changing only a secret recreates the
// container with the value masked in the plan. Also: a port without a host IP
// binds to 127.0.0.1 under a dev profile (docker inspect).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "secrets_support.hpp"
#include "support/harness.hpp"

using namespace infractl::e2e;

namespace {

const std::string kStack = "e2e-input-sec";
const std::string kContainer = "e2e-input-sec-app";  // a global: {stack}-{service}

std::string topology() {
    std::string cmd;
    for (const auto& a : kSleepForever) cmd += (cmd.empty() ? "" : ", ") + nlohmann::json(a).dump();
    return "version: 1\nstack: " + kStack + R"(
globals:
  app:
    image: infractl-test/busybox:1
    command: [)" + cmd + R"(]
    env_file: app.env
    environment:
      DB_PASSWORD: ${E2E_INPUT_PW}
      DATABASE_URL: postgresql://app:${E2E_INPUT_PW}@db:5432/app
      PLAIN: visible-value
    ports: ["25001:80"]
    restart: "no"
)";
}

// Every secret here contains "hunter2": one search finds any leak.
RunOptions with_pw(const TempDir& dir, const std::string& pw) {
    RunOptions o;
    o.env = {{"E2E_INPUT_PW", pw}, {"INFRACTL_STATE_DIR", dir.path() + "/state"}, {"INFRACTL_IMAGES", ""}};
    o.timeout = std::chrono::seconds(90);
    return o;
}


}  // namespace

TEST_CASE("secrets reach the container but no output - log or plan shows them", "[e2e][input][secrets]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    TempDir dir;
    std::string topo = dir.write("infractl.yaml", topology());
    dir.write("app.env", "FROM_FILE=hunter2-file\n");
    std::string profile = dir.write("dev.yaml", "version: 1\nprofile: dev\ndefault_host_ip: 127.0.0.1\n");
    auto cli = [&](std::vector<std::string> args, const std::string& pw) {
        args.insert(args.end(), {"--no-color", "-f", topo, "--profile", profile});
        return run_infractl(args, with_pw(dir, pw));
    };

    RunResult up = cli({"-vv", "up"}, "hunter2-old");
    REQUIRE(up.exit_code == 0);
    no_leak(up, "up -vv");
    CHECK(up.err.find("engine POST") != std::string::npos);  // -vv did log the engine calls

    nlohmann::json c = inspect(kContainer);
    CHECK(env_has(c, "DB_PASSWORD=hunter2-old"));
    CHECK(env_has(c, "FROM_FILE=hunter2-file"));
    CHECK(env_has(c, "DATABASE_URL=postgresql://app:hunter2-old@db:5432/app"));
    {
        // No host IP in the topology + the dev profile's default_host_ip.
        const auto& bindings = c["HostConfig"]["PortBindings"]["80/tcp"];
        REQUIRE(bindings.size() == 1);
        CHECK(bindings[0]["HostIp"] == "127.0.0.1");
        CHECK(bindings[0]["HostPort"] == "25001");
    }

    for (const auto& args : std::vector<std::vector<std::string>>{
             {"-vv", "plan"}, {"plan", "-o", "json"}, {"render"}, {"render", "-o", "json"}, {"-vv", "status"},
             {"status", "-o", "json"}, {"validate"}, {"budget"}}) {
        RunResult r = cli(args, "hunter2-old");
        CHECK(r.exit_code == 0);
        no_leak(r, args.back());
    }
    RunResult render = cli({"render"}, "hunter2-old");
    CHECK(render.out.find("      DB_PASSWORD=(sensitive)\n") != std::string::npos);
    CHECK(render.out.find("      FROM_FILE=(sensitive)\n") != std::string::npos);
    CHECK(render.out.find("      DATABASE_URL=postgresql://app:(sensitive)@db:5432/app\n") != std::string::npos);
    CHECK(render.out.find("      PLAIN=visible-value\n") != std::string::npos);
    CHECK(cli({"render", "--show-secrets"}, "hunter2-old").out.find("DB_PASSWORD=hunter2-old") != std::string::npos);

    // Only the secret changes: the hash notices, the plan masks.
    RunResult plan = cli({"-vv", "plan", "--detailed-exitcode"}, "hunter2-new");
    INFO(plan.str());
    CHECK(plan.exit_code == 2);
    no_leak(plan, "plan after the change");
    CHECK(plan.out.find("container " + kContainer + " (app): replace") != std::string::npos);
    CHECK(plan.out.find("      environment.DB_PASSWORD: (sensitive) -> (sensitive)\n") != std::string::npos);
    CHECK(plan.out.find("      environment.DATABASE_URL: postgresql://app:(sensitive)@db:5432/app -> "
                        "postgresql://app:(sensitive)@db:5432/app\n") != std::string::npos);
    RunResult plan_json = cli({"plan", "-o", "json"}, "hunter2-new");
    no_leak(plan_json, "plan -o json after the change");
    CHECK(plan_json.out.find("\"(sensitive)\"") != std::string::npos);
    CHECK(cli({"plan", "--show-secrets"}, "hunter2-new").out.find("hunter2-old -> hunter2-new") != std::string::npos);

    RunResult up2 = cli({"-vv", "up"}, "hunter2-new");
    CHECK(up2.exit_code == 0);
    no_leak(up2, "up -vv after the change");
    CHECK(env_has(inspect(kContainer), "DB_PASSWORD=hunter2-new"));
    CHECK(cli({"plan", "--detailed-exitcode"}, "hunter2-new").exit_code == 0);
    CHECK(cli({"down"}, "hunter2-new").exit_code == 0);
}
