// issue 3: edits to the topology or profile, and an image tag moved by hand,
// recreate exactly what they concern.
#include <catch2/catch.hpp>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;

namespace {

constexpr const char* kStack = "e2e-rc-change";
// Test-only repository names: they never shadow a real image.
constexpr const char* kRetagImage = "infractl-test/rc-retag:1";
constexpr const char* kAltImage = "infractl-test/rc-alt:1";

// Tags the busybox test image under the test-only names, and removes those
// tags (never the busybox image itself) at start and end.
struct TestTags {
    TestTags() {
        clean();
        for (const char* name : {kRetagImage, kAltImage})
            if (docker({"tag", kTestImage, name}).exit_code != 0) throw std::runtime_error("docker tag failed");
    }
    ~TestTags() { clean(); }
    static void clean() {
        for (const char* name : {kRetagImage, kAltImage}) docker({"rmi", "--no-prune", name});
    }
};

std::map<std::string, std::string> ids(const std::string& stack) {
    std::map<std::string, std::string> out;
    for (const auto& n : stack_containers(stack)) out[n] = container_id(n);
    return out;
}

// Names whose id changed (or that appeared / vanished) between two snapshots.
std::vector<std::string> changed(const std::map<std::string, std::string>& a,
                                 const std::map<std::string, std::string>& b) {
    std::vector<std::string> out;
    for (const auto& [n, id] : a)
        if (!b.count(n) || b.at(n) != id) out.push_back(n);
    for (const auto& [n, id] : b)
        if (!a.count(n)) out.push_back(n);
    return out;
}

std::vector<std::string> headlines(const std::string& plan) {
    std::vector<std::string> out;
    for (const auto& l : lines_with(plan, " container "))
        if (l.rfind("      ", 0) != 0) out.push_back(l);
    return out;
}

}  // namespace

TEST_CASE("reconcile: topology edits recreate only the edited service - a removed service goes",
          "[e2e][reconcile]") {
    TestTags tags;
    RcService cache{.key = "cache"};
    RcService web{.key = "web", .project = "rcchg-a", .env = {{"MODE", "one"}}};
    RcService api{.key = "api", .project = "rcchg-a"};
    RcService worker{.key = "worker", .project = "rcchg-a", .replicas = 2};
    RcStack st(kStack, {"net"}, {cache, web, api, worker});
    REQUIRE(st.run({"up"}).exit_code == 0);
    auto before = ids(kStack);

    // Environment of web, image of api.
    st.services()[1].env["MODE"] = "two";
    st.services()[2].image = kAltImage;
    st.write_topology();
    RunResult plan = st.run({"plan"});
    INFO(plan.str());
    CHECK(plan.exit_code == 0);
    CHECK_THAT(plan.out, Catch::Contains("  -/+ container rcchg-a-api-1 (rcchg-a/api): replace (start first)\n"
                                         "      image: infractl-test/busybox:1 -> infractl-test/rc-alt:1\n"));
    CHECK_THAT(plan.out, Catch::Contains("  -/+ container rcchg-a-web-1 (rcchg-a/web): replace (start first)\n"
                                         "      environment.MODE: one -> two\n"));
    CHECK(headlines(plan.out).size() == 2);
    RunResult up = st.run({"up"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    auto after = ids(kStack);
    CHECK(changed(before, after) == std::vector<std::string>{"rcchg-a-api-1", "rcchg-a-web-1"});
    CHECK(inspect("rcchg-a-api-1", "{{.Config.Image}}") == kAltImage);
    CHECK_THAT(inspect("rcchg-a-web-1", "{{.Config.Env}}").value_or(""), Catch::Contains("MODE=two"));

    // Drop the worker service.
    st.services().pop_back();
    st.write_topology();
    RunResult plan2 = st.run({"plan"});
    INFO(plan2.str());
    CHECK(headlines(plan2.out) ==
          std::vector<std::string>{"  - container rcchg-a-worker-1 (rcchg-a/worker): service no longer declared",
                                   "  - container rcchg-a-worker-2 (rcchg-a/worker): service no longer declared"});
    REQUIRE(st.run({"up"}).exit_code == 0);
    auto last = ids(kStack);
    CHECK(changed(after, last) == std::vector<std::string>{"rcchg-a-worker-1", "rcchg-a-worker-2"});
    CHECK(last.size() == 3);
}

TEST_CASE("reconcile: a tag moved to another image recreates its containers with the image reason",
          "[e2e][reconcile]") {
    TestTags tags;
    RcService cache{.key = "cache"};
    RcService app{.key = "app", .project = "rcchg-b", .replicas = 2, .image = kRetagImage};
    RcStack st(kStack, {"net"}, {cache, app});
    REQUIRE(st.run({"up"}).exit_code == 0);
    auto before = ids(kStack);
    std::string old_image = inspect(kRetagImage, "{{.Id}}").value_or("?");

    // A second tiny image: the busybox rootfs imported again, under the tag the service uses.
    RunResult imp = run({"sh", "-c",
                         "docker export rcchg-b-app-1 | docker import --change 'CMD [\"/bin/sh\",\"-c\",\"trap "
                         "\\\"exit 0\\\" TERM; while true; do sleep 1 & wait $!; done\"]' - " +
                             std::string(kRetagImage)});
    INFO(imp.str());
    REQUIRE(imp.exit_code == 0);
    std::string new_image = inspect(kRetagImage, "{{.Id}}").value_or("?");
    REQUIRE(new_image != old_image);

    RunResult plan = st.run({"plan", "--detailed-exitcode"});
    INFO(plan.str());
    CHECK(plan.exit_code == 2);
    std::string reason = "      # image 'infractl-test/rc-retag:1' now points to " + new_image.substr(0, 19) +
                         "\u2026 (was " + old_image.substr(0, 19) + "\u2026)\n";
    CHECK_THAT(plan.out, Catch::Contains("  -/+ container rcchg-b-app-1 (rcchg-b/app): replace (start first)\n" + reason));
    CHECK_THAT(plan.out, Catch::Contains("  -/+ container rcchg-b-app-2 (rcchg-b/app): replace (start first)\n" + reason));
    CHECK(headlines(plan.out).size() == 2);

    RunResult up = st.run({"up"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    auto after = ids(kStack);
    CHECK(changed(before, after) == std::vector<std::string>{"rcchg-b-app-1", "rcchg-b-app-2"});
    CHECK(inspect("rcchg-b-app-1", "{{.Image}}") == new_image);
    CHECK(st.run({"plan", "--detailed-exitcode"}).exit_code == 0);
}

TEST_CASE("reconcile: switching profile dev -> staging plans exactly the resource and replica differences",
          "[e2e][reconcile]") {
    RcService cache{.key = "cache"};
    RcService web{.key = "web", .project = "rcprof-a", .memory = "32M"};
    RcService worker{.key = "worker", .project = "rcprof-a"};
    RcStack st("e2e-rc-profile", {"net"}, {cache, web, worker});
    st.write_profile("dev", {{"rcprof-a/worker", "{replicas: 1}"}});
    st.write_profile("staging", {{"rcprof-a/web", "{resources: {limits: {cpus: 0.5, memory: 48M}}}"},
                                 {"rcprof-a/worker", "{replicas: 3}"},
                                 {"cache", "{resources: {limits: {memory: 16M}}}"}});
    RunResult dev = st.run({"up", "--profile", "dev"});
    INFO(dev.str());
    REQUIRE(dev.exit_code == 0);
    auto before = ids("e2e-rc-profile");

    RunResult plan = st.run({"plan", "--profile", "staging"});
    INFO(plan.str());
    CHECK(plan.exit_code == 0);
    CHECK(plan.out ==
          "infractl plan: stack 'e2e-rc-profile', profile 'staging'\n\n"
          "  ~ container e2e-rc-profile-cache (cache): update in place\n"
          "      memory: (none) -> 16M\n"
          "  ~ container rcprof-a-web-1 (rcprof-a/web): update in place\n"
          "      cpus: (none) -> 0.5\n"
          "      memory: 32M -> 48M\n"
          "  + container rcprof-a-worker-2 (rcprof-a/worker)\n"
          "  + container rcprof-a-worker-3 (rcprof-a/worker)\n\n"
          "Plan: 2 to add, 2 to change, 0 to destroy.\n");

    RunResult up = st.run({"up", "--profile", "staging"});
    INFO(up.str());
    REQUIRE(up.exit_code == 0);
    auto after = ids("e2e-rc-profile");
    CHECK(changed(before, after) == std::vector<std::string>{"rcprof-a-worker-2", "rcprof-a-worker-3"});
    CHECK(inspect("rcprof-a-web-1", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}") == "500000000 50331648");
    RunResult back = st.run({"plan", "--profile", "dev"});
    INFO(back.str());
    CHECK_THAT(back.out, Catch::Contains("  - container rcprof-a-worker-3 (rcprof-a/worker): scale down 3 -> 1\n"));
}
