// issue 13, item 5: history and rollback against the real dockerd: an image
// change rolled back by id (even after its tag moved), an environment change
// rolled back with the data volume's content kept, and the read-only
// commands writing nothing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;

namespace {

// Test-only repository names: they never shadow a real image.
constexpr const char* kTagA = "infractl-test/plans-app:a";
constexpr const char* kTagB = "infractl-test/plans-app:b";
// The busybox image plus a /version file: a second image with other content,
// made by docker create + cp + commit (no build, no registry), cached by tag.
constexpr const char* kV2 = "infractl-test/plans-v2:1";

std::string image_id(const std::string& ref) {
    RunResult r = docker({"image", "inspect", "--format", "{{.Id}}", ref});
    if (r.exit_code != 0) throw std::runtime_error("no image " + ref + ": " + r.str());
    return r.out.substr(0, r.out.find('\n'));
}

void require_v2_image() {
    if (docker({"image", "inspect", kV2}).exit_code == 0) return;
    TempDir dir;
    std::string file = dir.write("version", "two\n");
    std::string name = "e2e-plans-v2-maker";
    docker({"rm", "-f", name});
    if (docker({"create", "--name", name, kTestImage}).exit_code != 0) throw std::runtime_error("docker create failed");
    RunResult cp = docker({"cp", file, name + ":/version"});
    RunResult commit = docker({"commit", name, kV2});
    docker({"rm", "-f", name});
    if (cp.exit_code != 0 || commit.exit_code != 0) throw std::runtime_error("making " + std::string(kV2) + " failed");
}

// kTagA -> busybox, kTagB -> v2; removed (the tags only) at start and end.
struct AppTags {
    AppTags() {
        require_v2_image();
        clean();
        if (docker({"tag", kTestImage, kTagA}).exit_code != 0 || docker({"tag", kV2, kTagB}).exit_code != 0)
            throw std::runtime_error("docker tag failed");
    }
    ~AppTags() { clean(); }
    static void clean() {
        for (const char* t : {kTagA, kTagB}) docker({"rmi", "--no-prune", t});
    }
};

// Every file of the state dir with its content: what a read-only command must not change.
std::map<std::string, std::string> state_files(const std::string& dir) {
    std::map<std::string, std::string> out;
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(f.path());
        std::stringstream ss;
        ss << in.rdbuf();
        out[f.path().filename().string()] = ss.str();
    }
    return out;
}

}  // namespace

TEST_CASE("rollback: an image change goes back to the image id it ran, even after the tag moved",
          "[e2e][plans]") {
    AppTags tags;
    RcService app{.key = "app", .project = "plhi-a", .image = kTagA};
    RcService other{.key = "other", .project = "plhi-a"};
    RcStack st("e2e-plans-image", {"net"}, {app, other});
    REQUIRE(st.run({"up"}).exit_code == 0);
    std::string other_id = container_id("plhi-a-other-1");
    st.services()[0].image = kTagB;
    st.write_topology();
    REQUIRE(st.run({"up"}).exit_code == 0);
    REQUIRE(inspect("plhi-a-app-1", "{{.Image}}") == image_id(kV2));

    RunResult history = st.run({"history"});
    INFO(history.str());
    CHECK(history.exit_code == 0);
    CHECK_THAT(history.out, Catch::Contains("first recorded run"));
    CHECK_THAT(history.out, Catch::Contains("plhi-a/app: image " + std::string(kTagA) + " -> " + kTagB));

    // Move tag a onto the v2 image: rollback must not care.
    REQUIRE(docker({"tag", kV2, kTagA}).exit_code == 0);
    RunResult dry = st.run({"rollback", "--dry-run"});
    INFO(dry.str());
    CHECK(dry.exit_code == 0);
    CHECK_THAT(dry.out, Catch::Contains("container plhi-a-app-1 (plhi-a/app): replace"));
    CHECK(inspect("plhi-a-app-1", "{{.Image}}") == image_id(kV2));  // dry run changed nothing

    RunResult back = st.run({"rollback"});
    INFO(back.str());
    REQUIRE(back.exit_code == 0);
    CHECK(inspect("plhi-a-app-1", "{{.Image}}") == image_id(kTestImage));
    CHECK(container_id("plhi-a-other-1") == other_id);  // untouched: same config hash
    RunResult after = st.run({"history"});
    CHECK_THAT(after.out, Catch::Contains("rollback --to 1"));

    // scale records too; the rolled-back app is not touched by it.
    std::string app_id = container_id("plhi-a-app-1");
    REQUIRE(st.run({"scale", "plhi-a", "other=2"}).exit_code == 0);
    RunResult scaled = st.run({"history"});
    INFO(scaled.str());
    CHECK_THAT(scaled.out, Catch::Contains("scale plhi-a other=2"));
    CHECK_THAT(scaled.out, Catch::Contains("plhi-a/other: replicas 1 -> 2"));
    // The app still runs the rolled-back image: the scale's entry says so (no image change on its line).
    CHECK(lines_with(scaled.out, "scale plhi-a other=2").size() == 1);
    CHECK(lines_with(scaled.out, "scale plhi-a other=2").front().find("image") == std::string::npos);
    CHECK(container_id("plhi-a-app-1") == app_id);
}

TEST_CASE("rollback: an environment change goes back; the data volume keeps its content", "[e2e][plans]") {
    RcService db{.key = "db", .project = "plhi-b", .singleton = true, .env = {{"MODE", "one"}}, .volumes = {"data:/data"}};
    RcStack st("e2e-plans-env", {"net"}, {db});
    REQUIRE(st.run({"up"}).exit_code == 0);
    REQUIRE(docker({"exec", "plhi-b-db", "sh", "-c", "echo kept > /data/file"}).exit_code == 0);
    st.services()[0].env["MODE"] = "two";
    st.write_topology();
    REQUIRE(st.run({"up"}).exit_code == 0);
    REQUIRE_THAT(inspect("plhi-b-db", "{{json .Config.Env}}").value_or(""), Catch::Contains("MODE=two"));

    auto files = state_files(st.state_dir());
    RunResult history = st.run({"history", "-o", "json"});
    INFO(history.str());
    CHECK(history.exit_code == 0);
    CHECK_THAT(history.out, Catch::Contains("\"plhi-b/db: environment MODE\""));
    RunResult dry = st.run({"rollback", "--to", "1", "--dry-run"});
    CHECK(dry.exit_code == 0);
    CHECK(state_files(st.state_dir()) == files);  // read-only commands wrote nothing

    RunResult back = st.run({"rollback", "--to", "1"});
    INFO(back.str());
    REQUIRE(back.exit_code == 0);
    CHECK_THAT(inspect("plhi-b-db", "{{json .Config.Env}}").value_or(""), Catch::Contains("MODE=one"));
    RunResult cat = docker({"exec", "plhi-b-db", "cat", "/data/file"});
    CHECK(cat.out == "kept\n");
    CHECK(stack_volumes(st.name()) == std::vector<std::string>{"e2e-plans-env_plhi-b_data"});

    RunResult bad = st.run({"rollback", "--to", "9"});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Catch::StartsWith("infractl: no history entry 9 in "));
}
