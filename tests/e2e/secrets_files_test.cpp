// Secrets as files against the real dockerd (docs/topology.md, "Secrets as
// files"): the container reads the secret at /run/secrets/TARGET, read-only,
// mode 0400 or the one configured, with the configured owner, from a tmpfs;
// the value is in no container's Env and in nothing infractl prints; a
// changed secret recreates exactly the services that use it; unused copies
// are removed; a copy lost with the tmpfs (a reboot) is written again by `up`. And the env file beside the topology (docs/cli.md, "The env
// file"): a plain `plan` reads its settings, the process environment wins.
#include <sys/vfs.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <linux/magic.h>
#include <nlohmann/json.hpp>

#include "secrets_support.hpp"
#include "support/harness.hpp"

using namespace infractl::e2e;
using nlohmann::json;

namespace {

const std::string kStack = "e2e-secrets";

std::string sleep_command() {
    std::string cmd;
    for (const auto& a : kSleepForever) cmd += (cmd.empty() ? "" : ", ") + json(a).dump();
    return "[" + cmd + "]";
}

// a uses both secrets, b only the file one, c none.
std::string topology() {
    std::string svc = "    image: infractl-test/busybox:1\n    command: " + sleep_command() + "\n    restart: \"no\"\n";
    return "version: 1\nstack: " + kStack + R"(
secrets:
  pw: {environment: E2E_SECRET_PW}
  key: {file: key.txt}
globals:
  a:
)" + svc + R"(    secrets: [pw, {source: key, target: api-key, uid: 1000, gid: 1001, mode: 0440}]
  b:
)" + svc + R"(    secrets: [key]
  c:
)" + svc;
}

RunOptions with_pw(const TempDir& dir, const std::string& pw) {
    RunOptions o;
    o.env = {{"E2E_SECRET_PW", pw}, {"INFRACTL_STATE_DIR", dir.path() + "/state"}};
    o.timeout = std::chrono::seconds(90);
    return o;
}

std::string in_container(const std::string& name, const std::string& shell) {
    RunResult r = docker({"exec", name, "sh", "-c", shell});
    INFO(r.str());
    REQUIRE(r.exit_code == 0);
    return r.out;
}

std::string secret_source(const json& c, const std::string& target) {
    for (const auto& m : c["Mounts"])
        if (m["Destination"] == target) return m["Source"].get<std::string>();
    return "";
}

}  // namespace

TEST_CASE("secrets: files at /run/secrets, never in Env or output; a change recreates exactly their users",
          "[e2e][secrets]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    TempDir dir;
    std::string topo = dir.write("topology.yaml", topology());
    dir.write("key.txt", "hunter2-key");

    RunResult up = run_infractl({"up", "-f", topo}, with_pw(dir, "hunter2-one"));
    REQUIRE(up.exit_code == 0);
    no_leak(up, "up");

    json a = inspect(kStack + "-a");
    CHECK(a.dump().find("hunter2") == std::string::npos);  // not in Env, nor anywhere inspect shows
    CHECK(in_container(kStack + "-a", "cat /run/secrets/pw") == "hunter2-one");
    CHECK(in_container(kStack + "-a", "cat /run/secrets/api-key") == "hunter2-key");
    CHECK(in_container(kStack + "-b", "cat /run/secrets/key") == "hunter2-key");
    CHECK(in_container(kStack + "-a", "stat -c '%a %u %g' /run/secrets/pw /run/secrets/api-key") ==
          "400 0 0\n440 1000 1001\n");
    CHECK(in_container(kStack + "-c", "ls /run/secrets 2>/dev/null | wc -l | tr -d ' '") == "0\n");
    // The container's own view: a read-only mount of a tmpfs, which even root cannot write.
    std::istringstream mount(in_container(kStack + "-a", "grep ' /run/secrets/pw ' /proc/mounts"));
    std::string device, point, type, options;
    mount >> device >> point >> type >> options;
    CHECK(point == "/run/secrets/pw");
    CHECK(type == "tmpfs");
    CHECK(options.rfind("ro,", 0) == 0);
    CHECK(docker({"exec", kStack + "-a", "sh", "-c", "echo x > /run/secrets/pw"}).exit_code != 0);
    // And the host's: the copy the engine mounts is on a tmpfs, private to root.
    std::string source = secret_source(a, "/run/secrets/pw");
    REQUIRE_FALSE(source.empty());
    struct statfs fs {};
    REQUIRE(::statfs(source.c_str(), &fs) == 0);
    CHECK(fs.f_type == TMPFS_MAGIC);
    CHECK((std::filesystem::status(std::filesystem::path(source).parent_path()).permissions() &
           std::filesystem::perms::all) == std::filesystem::perms::owner_all);

    RunResult same = run_infractl({"plan", "-f", topo, "--detailed-exitcode"}, with_pw(dir, "hunter2-one"));
    CHECK(same.exit_code == 0);
    for (const char* cmd : {"render", "status"}) {
        for (const char* fmt : {"text", "json"}) {
            RunResult r = run_infractl({cmd, "-f", topo, "-o", fmt, "--show-secrets"}, with_pw(dir, "hunter2-one"));
            CHECK(r.exit_code == 0);
            no_leak(r, std::string(cmd) + " -o " + fmt);
        }
    }

    std::string id_a = a["Id"], id_b = inspect(kStack + "-b")["Id"], id_c = inspect(kStack + "-c")["Id"];
    RunResult plan = run_infractl({"plan", "-f", topo, "--show-secrets"}, with_pw(dir, "hunter2-two"));
    no_leak(plan, "plan after the change");
    CHECK(plan.out.find("secret /run/secrets/pw: (sensitive) -> (sensitive)") != std::string::npos);
    CHECK(plan.out.find(kStack + "-b") == std::string::npos);
    CHECK(plan.out.find(kStack + "-c") == std::string::npos);

    RunResult changed = run_infractl({"up", "-f", topo}, with_pw(dir, "hunter2-two"));
    REQUIRE(changed.exit_code == 0);
    no_leak(changed, "up after the change");
    json a2 = inspect(kStack + "-a");
    CHECK(a2["Id"] != id_a);
    CHECK(inspect(kStack + "-b")["Id"] == id_b);
    CHECK(inspect(kStack + "-c")["Id"] == id_c);
    CHECK(in_container(kStack + "-a", "cat /run/secrets/pw") == "hunter2-two");
    CHECK_FALSE(std::filesystem::exists(source));  // the old copy: no container mounts it any more
    std::string source2 = secret_source(a2, "/run/secrets/pw");
    CHECK(std::filesystem::exists(source2));

    // A reboot empties the tmpfs: the stopped container's copy is gone, and
    // `up` writes it again before it starts the container.
    std::string source_b = secret_source(inspect(kStack + "-b"), "/run/secrets/key");
    REQUIRE(docker({"stop", "-t", "1", kStack + "-b"}).exit_code == 0);
    REQUIRE(std::filesystem::remove(source_b));
    RunResult restart = run_infractl({"up", "-f", topo}, with_pw(dir, "hunter2-two"));
    INFO(restart.str());
    CHECK(restart.exit_code == 0);
    CHECK(inspect(kStack + "-b")["Id"] == id_b);  // started, not recreated
    CHECK(in_container(kStack + "-b", "cat /run/secrets/key") == "hunter2-key");

    RunResult down = run_infractl({"down", "-f", topo, "--all"}, with_pw(dir, "hunter2-two"));
    CHECK(down.exit_code == 0);
    CHECK_FALSE(std::filesystem::exists(std::filesystem::path(source2).parent_path()));
}

TEST_CASE("secrets: an unset variable or a missing file is a located error, and nothing is created",
          "[e2e][secrets]") {
    require_engine();
    StackGuard guard(kStack + "-bad");
    TempDir dir;
    std::string topo = dir.write("topology.yaml", "version: 1\nstack: " + kStack + R"(-bad
secrets:
  pw: {environment: E2E_SECRET_UNSET}
  key: {file: missing.txt}
globals:
  a: {image: infractl-test/busybox:1, secrets: [pw, key, nope]}
)");
    RunOptions o;
    o.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}};
    RunResult r = run_infractl({"up", "-f", topo}, o);
    INFO(r.str());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(topo + ":4:21: secret 'pw': variable 'E2E_SECRET_UNSET' is not set") != std::string::npos);
    CHECK(r.err.find(topo + ":5:15: cannot read the file of secret 'key': 'missing.txt'") != std::string::npos);
    CHECK(docker({"inspect", kStack + "-bad-a"}).exit_code != 0);
}

TEST_CASE("env file: a plain plan reads the settings and variables beside the topology; the environment wins",
          "[e2e][secrets][envfile]") {
    require_engine();
    require_test_images();
    require_local_image("redis", "infractl-local/redis:7");
    const std::string stack = "e2e-envfile";
    StackGuard guard(stack);
    TempDir dir;
    dir.write("specs/topology.yaml", "version: 1\nstack: " + stack + R"(
globals:
  app:
    image: upstream/app:1
    command: )" + sleep_command() + R"(
    environment: {GREETING: "${E2E_GREETING}"}
    restart: "no"
)");
    dir.write("images.yaml", "images:\n  \"upstream/app:1\": infractl-test/busybox:1\n");
    dir.write("other-images.yaml", "images:\n  \"upstream/app:1\": infractl-local/redis:7\n");
    // As scripts/up.sh writes it: paths relative to the env file's folder.
    dir.write("specs/infractl.env", "# settings\nexport INFRACTL_IMAGES=../images.yaml\nE2E_GREETING='from the file'\n");
    RunOptions o;
    o.cwd = dir.path();
    o.env = {{"INFRACTL_ENV_FILE", ""}, {"INFRACTL_STATE_DIR", dir.path() + "/state"}};

    RunResult up = run_infractl({"up", "-f", "specs/topology.yaml"}, o);
    REQUIRE(up.exit_code == 0);
    json c = inspect(stack + "-app");
    CHECK(c["Config"]["Image"] == "infractl-test/busybox:1");
    CHECK(env_has(c, "GREETING=from the file"));

    RunResult plain = run_infractl({"plan", "-f", "specs/topology.yaml", "--detailed-exitcode"}, o);
    INFO(plain.str());
    CHECK(plain.exit_code == 0);  // the same images file and variables: nothing to do

    RunOptions env_wins = o;
    env_wins.env.push_back({"INFRACTL_IMAGES", dir.path() + "/other-images.yaml"});
    env_wins.env.push_back({"E2E_GREETING", "from the process"});
    RunResult over = run_infractl({"plan", "-f", "specs/topology.yaml", "--detailed-exitcode"}, env_wins);
    INFO(over.str());
    CHECK(over.exit_code == 2);
    CHECK(over.out.find("infractl-local/redis:7") != std::string::npos);
    CHECK(over.out.find("from the process") != std::string::npos);
}
