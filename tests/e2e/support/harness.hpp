#pragma once
// End-to-end test harness: everything an e2e test needs to run against the
// real dockerd and the real infractl binary.
//
// Writing an e2e test (tests/e2e/<thing>_test.cpp, Catch2 2.13):
//
//   #include "support/harness.hpp"
//   using namespace infractl::e2e;
//
//   TEST_CASE("up creates the stack", "[e2e]") {
//       require_engine();                 // starts dockerd via scripts/engine-up.sh if needed
//       require_test_images();            // builds infractl-test/busybox:1 if missing
//       StackGuard guard("e2e-up");       // removes everything labelled io.infractl.stack=e2e-up,
//                                         // now and when the test ends (even on failure)
//       TempDir dir;                      // scratch dir, removed at the end
//       auto topo = dir.write("topology.yaml", "version: 1\nstack: e2e-up\n...");
//       RunResult r = run_infractl({"up", "-f", topo});      // the binary, 120 s bound
//       REQUIRE(r.exit_code == 0);        // r.out / r.err hold its output; INFO(r.str()) on failure
//       docker({"update", "--memory", "256m", "e2e-up-web"});  // the docker CLI, for drift
//       CHECK(wait_until([&] { return engine().inspect_container("e2e-up-web").health == Health::healthy; },
//                        std::chrono::seconds(20)));
//   }
//
// Rules (notes/helper-rules.md): every test uses its own stack name and its
// own project names; reach containers only through ports published on
// 127.0.0.1 or `docker exec`; every loop is bounded (wait_until).
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "infractl/engine/docker_engine.hpp"

namespace infractl::e2e {

// The test image (scripts/test-images.sh): static busybox with every applet;
// its CMD sleeps forever and exits 0 at once on SIGTERM.
inline constexpr const char* kTestImage = "infractl-test/busybox:1";
// The same loop as the image's CMD, for specs that must state a command.
inline const std::vector<std::string> kSleepForever = {
    "/bin/sh", "-c", "trap 'exit 0' TERM INT; while true; do sleep 1 & wait $!; done"};

// Once per process: /_ping the engine, else run scripts/engine-up.sh and ping
// again. Throws std::runtime_error (failing the test) when it stays down.
void require_engine();
// Once per process: scripts/test-images.sh (cheap when the image exists).
void require_test_images();
// A local stand-in image (docs/images.md), e.g. ("redis", "infractl-local/redis:7"):
// when `tag` is missing, builds it with scripts/build-images.sh NAME. Throws
// (failing the test) when it cannot: a missing prerequisite is a failure, never a skip.
void require_local_image(const std::string& name, const std::string& tag);
// Removes every tag of `repository` (e.g. "infractl-build/x1-turfoo-celery-worker")
// one by one, never the image by id: copies of one build context share the
// image, and another test's tags must stay. A tag whose image a container
// still uses stays too (best effort: clean-up never fails a test).
void untag_repository(const std::string& repository);
// How many containers of `service` in `stack` are running (docker ps, by label).
int running_containers(const std::string& stack, const std::string& service);
// A shared DockerEngine on kDefaultDockerSocket: the engine every process a
// test starts talks to (their DOCKER_HOST is cleared, see child_environment).
DockerEngine& engine();

// Ownership labels for a hand-made object of `stack` (what resolve puts on
// every object: stack, project, service, managed-by).
std::map<std::string, std::string> stack_labels(const std::string& stack, const std::string& project = "_global",
                                                const std::string& service = "svc");
// A minimal spec: the test image, kSleepForever, stack_labels, restart "no".
ContainerSpec test_spec(const std::string& stack, const std::string& service = "svc");

// Removes every container, network and volume labelled
// io.infractl.stack=<stack> when constructed and when destroyed. Never
// touches anything else. Removal failures are printed, not thrown.
class StackGuard {
public:
    explicit StackGuard(std::string stack);
    ~StackGuard();
    StackGuard(const StackGuard&) = delete;
    StackGuard& operator=(const StackGuard&) = delete;
    const std::string& stack() const { return stack_; }
    void clean();

private:
    std::string stack_;
};

using EnvVars = std::vector<std::pair<std::string, std::string>>;

// The environment of every process a test starts (run, run_infractl, docker,
// the spawned ones of the reliability and reconcile tests): the test's own
// without any INFRACTL_* variable, DOCKER_HOST or NO_COLOR, plus `set`. A
// developer's `export INFRACTL_IMAGES=...` (scripts/up.sh suggests it) must
// not change what a test sees; a test that wants one of them sets it here.
// Built before fork: the child may only make async-signal-safe calls.
std::vector<std::string> child_environment(const EnvVars& set);

struct RunOptions {
    std::string cwd;                    // "" = the test's cwd
    EnvVars env;                        // set in the child's environment (child_environment)
    std::chrono::seconds timeout{120};  // then SIGKILL, timed_out = true
    std::string stdin_text;             // fed to stdin, then closed
};

struct RunResult {
    int exit_code = -1;  // 128 + signal when killed by a signal
    std::string out;
    std::string err;
    bool timed_out = false;
    std::string str() const;  // "exit 1\n--- stdout\n...\n--- stderr\n..." for INFO()
};

// Runs argv[0] (searched in PATH) with the given arguments, capturing output.
RunResult run(const std::vector<std::string>& argv, const RunOptions& opts = {});
// Runs the infractl binary built with these tests (not named `infractl`:
// that would clash with the namespace under `using namespace`).
RunResult run_infractl(const std::vector<std::string>& args, const RunOptions& opts = {});
// Runs the docker CLI.
RunResult docker(const std::vector<std::string>& args, const RunOptions& opts = {});
// Creates a network through the raw API with the engine's duplicate-name check
// off, as a create racing another one can leave it. `labels_json` is a JSON object.
RunResult create_network_unchecked(const std::string& name, const std::string& labels_json);

// A fresh directory under $TMPDIR, removed recursively at destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    // Writes `content` to path()/relative (parents created); returns the full path.
    std::string write(const std::string& relative, const std::string& content) const;

private:
    std::string path_;
};

// Polls pred every `step` until it returns true (-> true) or `timeout`
// passes (-> false). Exceptions from pred count as false.
bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout,
                std::chrono::milliseconds step = std::chrono::milliseconds(100));

// A file's bytes; "" when it does not exist (yet) or cannot be read.
std::string read_text(const std::string& path);

}  // namespace infractl::e2e
