// issue 13, item 4: `plan --out FILE` / `up --plan FILE` against the real
// dockerd: applied as saved; refused as stale after a `docker rm` and after
// an edit of the topology; files it cannot apply are one line and exit 1.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::map<std::string, std::string> ids(const std::string& stack) {
    std::map<std::string, std::string> out;
    for (const auto& n : stack_containers(stack)) out[n] = container_id(n);
    return out;
}

int line_count(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("saved plan: plan --out then up --plan applies it, with no secret in the file", "[e2e][plans]") {
    RcService web{.key = "web", .project = "plsv-a", .env = {{"MODE", "one"}, {"DB_PASSWORD", "pl-s3cret-value"}}};
    RcService cache{.key = "cache"};
    RcStack st("e2e-plans-apply", {"net"}, {cache, web});
    std::string file = st.dir() + "/plan.json";

    RunResult plan = st.run({"plan", "--out", file});
    INFO(plan.str());
    REQUIRE(plan.exit_code == 0);
    CHECK_THAT(plan.err, Catch::Contains("saved the plan to " + file));
    std::string text = slurp(file);
    CHECK(text.find("pl-s3cret-value") == std::string::npos);
    auto doc = nlohmann::json::parse(text);
    CHECK(doc["format_version"] == 1);
    CHECK(doc["saved_plan"]["format_version"] == 1);
    CHECK(doc["saved_plan"]["stack"] == "e2e-plans-apply");
    CHECK(doc["summary"]["add"] == 3);  // the network and two containers
    struct stat sb {};
    REQUIRE(::stat(file.c_str(), &sb) == 0);
    CHECK((sb.st_mode & 0777) == 0600);
    CHECK(stack_containers(st.name()).empty());  // plan changed nothing

    RunResult up = st.run({"up", "--plan", file});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    CHECK(stack_containers(st.name()) == std::vector<std::string>{"e2e-plans-apply-cache", "plsv-a-web-1"});
    // The secret reached the container from the inputs, re-read at apply time.
    CHECK_THAT(inspect("plsv-a-web-1", "{{json .Config.Env}}").value_or(""), Catch::Contains("pl-s3cret-value"));
    RunResult again = st.run({"plan", "--detailed-exitcode"});
    CHECK(again.exit_code == 0);
    RunResult history = st.run({"history"});
    CHECK_THAT(history.out, Catch::Contains("up --plan " + file));
}

TEST_CASE("saved plan: stale after a docker rm of one of its containers", "[e2e][plans]") {
    RcService web{.key = "web", .project = "plsv-b", .replicas = 2, .env = {{"MODE", "one"}}};
    RcStack st("e2e-plans-rm", {"net"}, {web});
    REQUIRE(st.run({"up"}).exit_code == 0);
    st.services()[0].env["MODE"] = "two";
    st.write_topology();
    std::string file = st.dir() + "/plan.json";
    REQUIRE(st.run({"plan", "--out", file}).exit_code == 0);
    std::string gone_id = container_id("plsv-b-web-2");
    REQUIRE(docker({"rm", "-f", "plsv-b-web-2"}).exit_code == 0);
    auto before = ids(st.name());

    RunResult up = st.run({"up", "--plan", file});
    INFO(up.str());
    CHECK(up.exit_code == 1);
    CHECK(line_count(up.err) == 1);
    CHECK_THAT(up.err, Catch::StartsWith("infractl: plan is stale: container plsv-b-web-2 (id " + gone_id.substr(0, 12) +
                                         ") went; nothing was changed (hint: review and save a new one with: "
                                         "infractl plan --out " + file + ")"));
    CHECK(ids(st.name()) == before);  // nothing touched
    CHECK(inspect("plsv-b-web-1", "{{json .Config.Env}}").value_or("").find("MODE=one") != std::string::npos);
}

TEST_CASE("saved plan: stale after an edit of the topology", "[e2e][plans]") {
    RcService web{.key = "web", .project = "plsv-c", .env = {{"MODE", "one"}}};
    RcStack st("e2e-plans-edit", {"net"}, {web});
    std::string file = st.dir() + "/plan.json";
    REQUIRE(st.run({"plan", "--out", file}).exit_code == 0);
    st.services()[0].env["MODE"] = "two";
    st.write_topology();

    RunResult up = st.run({"up", "--plan", file});
    INFO(up.str());
    CHECK(up.exit_code == 1);
    CHECK(line_count(up.err) == 1);
    CHECK_THAT(up.err, Catch::StartsWith("infractl: plan is stale: topology file " + st.topology_path() + " changed"));
    CHECK(stack_containers(st.name()).empty());
    CHECK(stack_networks(st.name()).empty());
}

TEST_CASE("saved plan: corrupt, other stack, newer format: one line, exit 1, nothing changed", "[e2e][plans]") {
    RcService web{.key = "web", .project = "plsv-d"};
    RcStack st("e2e-plans-bad", {"net"}, {web});
    std::string good = st.dir() + "/good.json";
    REQUIRE(st.run({"plan", "--out", good}).exit_code == 0);
    auto doc = nlohmann::json::parse(slurp(good));

    TempDir dir;
    auto other_stack = doc;
    other_stack["saved_plan"]["stack"] = "e2e-plans-elsewhere";
    auto newer = doc;
    newer["saved_plan"]["format_version"] = 99;
    const struct {
        std::string name;
        std::string text;
        std::string error;
    } cases[] = {
        {"corrupt.json", slurp(good).substr(0, 40), "not a saved plan: corrupt JSON at byte"},
        {"other.json", other_stack.dump(), "the plan is for stack 'e2e-plans-elsewhere' (profile 'dev', backend "
                                           "docker), not stack 'e2e-plans-bad' (profile 'dev', backend docker)"},
        {"newer.json", newer.dump(), "saved plan format_version 99 is newer than this infractl reads (1)"},
    };
    for (const auto& c : cases) {
        std::string path = dir.write(c.name, c.text);
        RunResult up = st.run({"up", "--plan", path});
        INFO(c.name << "\n" << up.str());
        CHECK(up.exit_code == 1);
        CHECK(line_count(up.err) == 1);
        CHECK_THAT(up.err, Catch::StartsWith("infractl: " + path + ": " + c.error));
    }
    RunResult missing = st.run({"up", "--plan", dir.path() + "/none.json"});
    CHECK(missing.exit_code == 1);
    CHECK(missing.err == "infractl: saved plan " + dir.path() + "/none.json does not exist\n");
    CHECK(stack_containers(st.name()).empty());
    CHECK(stack_networks(st.name()).empty());
}
