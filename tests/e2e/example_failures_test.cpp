// How `up` fails, on small stacks (fast): --wait on a service whose
// healthcheck never passes, a one-shot that exits 1, images that cannot be
// provided. Each names what failed, why, and changes nothing else.
#include <catch2/catch.hpp>
#include <chrono>

#include "example_support.hpp"

using namespace infractl;
using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

struct SmallStack {
    std::string stack;
    TempDir dir;
    std::string file;

    explicit SmallStack(std::string name) : stack(std::move(name)) {}
    void write(const std::string& topology) {
        file = dir.write("infractl.yaml", "version: 1\nstack: " + stack + "\n" + topology);
        dir.write("profiles/dev.yaml", "version: 1\nprofile: dev\ndefault_host_ip: 127.0.0.1\n");
    }
    RunResult run(std::vector<std::string> args, std::chrono::seconds timeout = 120s) const {
        args.insert(args.end(), {"-f", file});
        return run_infractl(args, {.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}, {"NO_COLOR", "1"}},
                                   .timeout = timeout});
    }
};

}  // namespace

TEST_CASE("example: up --wait names the service whose healthcheck never passes", "[e2e][example]") {
    require_engine();
    SmallStack s("e2ex-wait");
    StackGuard guard(s.stack);
    // The real redis image, asked on a port nothing listens on.
    s.write(
        "globals:\n"
        "  cache:\n"
        "    image: infractl-local/redis:7\n"
        "    healthcheck:\n"
        "      test: [\"CMD\", \"redis-cli\", \"-p\", \"1\", \"ping\"]\n"
        "      interval: 1s\n"
        "      timeout: 2s\n"
        "      retries: 2\n");
    auto t0 = std::chrono::steady_clock::now();
    RunResult r = s.run({"up", "--wait", "--wait-timeout", "8s"});
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(r.str());
    CHECK(r.exit_code == 1);
    // The --wait-timeout of 8 s is honoured: not before it, and not long after.
    CHECK(secs >= 8.0);
    CHECK(secs < 20.0);  // time is the behaviour: a wide band above the 8 s timeout
    CHECK(r.err.find("'cache'") != std::string::npos);
    CHECK(r.err.find("e2ex-wait-cache is unhealthy") != std::string::npos);
    CHECK(r.err.find("last health check output: Could not connect to Redis at 127.0.0.1:1: Connection refused") !=
          std::string::npos);
}

TEST_CASE("example: a one-shot runs before its dependents - a failing one blocks them", "[e2e][example]") {
    require_engine();
    require_test_images();
    SmallStack s("e2ex-oneshot");
    StackGuard guard(s.stack);
    const std::string topology =
        "projects:\n"
        "  x2:\n"
        "    services:\n"
        "      migrate:\n"
        "        image: infractl-test/busybox:1\n"
        "        command: [\"sh\", \"-c\", \"echo migrating; sleep 1; exit 1\"]\n"
        "      worker:\n"
        "        image: infractl-test/busybox:1\n"
        "        depends_on:\n"
        "          migrate: {condition: service_completed_successfully}\n";
    s.write(topology);
    RunResult failed = s.run({"up", "--wait", "--wait-timeout", "30s"});
    INFO(failed.str());
    CHECK(failed.exit_code == 1);
    CHECK(failed.err.find("'x2/migrate' cannot become completed successfully: x2-migrate-1 exited with code 1") !=
          std::string::npos);
    CHECK(stack_containers(s.stack) == std::vector<std::string>{"x2-migrate-1"});

    std::string fixed = topology;
    replace_all(fixed, "exit 1", "exit 0");
    s.write(fixed);
    RunResult ok = s.run({"up", "--wait", "--wait-timeout", "30s"});
    INFO(ok.str());
    CHECK(ok.exit_code == 0);
    CHECK(engine().inspect_container("x2-migrate-1").state == ContainerState::exited);
    CHECK(engine().inspect_container("x2-migrate-1").exit_code == 0);
    CHECK(engine().inspect_container("x2-worker-1").state == ContainerState::running);
    // Converged: the completed one-shot is not run again.
    RunResult plan = s.run({"plan", "--detailed-exitcode"});
    INFO(plan.str());
    CHECK(plan.exit_code == 0);
}

TEST_CASE("example: an image that cannot be provided stops up before any change", "[e2e][example]") {
    require_engine();
    require_test_images();
    SmallStack s("e2ex-pull");
    StackGuard guard(s.stack);
    const std::string web =
        "projects:\n"
        "  x3:\n"
        "    services:\n"
        "      web:\n"
        "        image: infractl-test/busybox:1\n";
    s.write(web);
    REQUIRE(s.run({"up"}).exit_code == 0);
    auto before = stack_containers(s.stack);
    REQUIRE(before == std::vector<std::string>{"x3-web-1"});

    // A new service with an image nobody built, and another that could start.
    s.write(web +
            "      side:\n"
            "        image: infractl-test/busybox:1\n"
            "      app:\n"
            "        image: infractl-local/e2ex-missing:1\n");
    RunResult never = s.run({"up", "--pull", "never"});
    INFO(never.str());
    CHECK(never.exit_code == 1);
    CHECK(never.err.find("image 'infractl-local/e2ex-missing:1' (x3/app) is not present and the pull policy is "
                         "never") != std::string::npos);
    CHECK(never.err.find("scripts/build-images.sh") != std::string::npos);
    CHECK(never.err.find("docker load") != std::string::npos);
    CHECK(stack_containers(s.stack) == before);

    // Policy missing: the pull is tried and fails (no registry).
    RunResult missing = s.run({"up"});
    INFO(missing.str());
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("pulling image 'infractl-local/e2ex-missing:1' (x3/app) failed: ") != std::string::npos);
    CHECK(missing.err.find("scripts/build-images.sh") != std::string::npos);
    CHECK(missing.err.find("docker load") != std::string::npos);
    CHECK(stack_containers(s.stack) == before);
    CHECK(engine().inspect_container("x3-web-1").state == ContainerState::running);
}
