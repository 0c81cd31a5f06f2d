#pragma once
// Shared fixture of the reconcile e2e tests (issue 3): a stack of tiny
// busybox services written into a TempDir, run through the real infractl
// binary against the real dockerd, and checked with the docker CLI (so the
// checks do not trust infractl's own engine client).
//
// Every test builds its own RcStack with its own stack name and project
// prefix; the StackGuard inside removes everything labelled with the stack
// at start and end.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace infractl::e2e::rc {

// A service of the generated topology.
struct RcService {
    std::string key;
    std::string project;  // "" = global
    int replicas = 1;
    bool singleton = false;  // project service named {project}-{key}; else {project}-{key}-{n}
    std::string image = kTestImage;
    std::map<std::string, std::string> env;
    std::vector<std::string> networks;  // keys; empty = every network
    std::vector<std::string> volumes;   // "key:/target"
    std::vector<std::string> depends_on;
    std::string health_test;  // e.g. R"(["CMD","true"])"; "" = none
    std::string health_interval = "1s";
    std::string memory;       // limits.memory, "" = none
    std::string cpus;         // limits.cpus, "" = none
    std::vector<std::string> extra;  // more "key: value" YAML lines of the service

    // The engine name of replica n (globals and singletons are unnumbered).
    std::string container(const std::string& stack, int n = 1) const;
};

// A profile patch: service "project/key" (or "key" for a global) -> yaml body
// fragment like "{replicas: 2, resources: {limits: {memory: 64M}}}".
using RcProfile = std::map<std::string, std::string>;

std::string rc_topology_yaml(const std::string& stack, const std::vector<std::string>& networks,
                             const std::vector<RcService>& services);
std::string rc_profile_yaml(const std::string& name, const RcProfile& patches);

class RcStack {
public:
    RcStack(std::string stack, std::vector<std::string> networks, std::vector<RcService> services);

    const std::string& name() const { return guard_.stack(); }
    const std::string& dir() const { return dir_.path(); }
    std::string topology_path() const { return dir_.path() + "/topology.yaml"; }
    std::string state_dir() const { return dir_.path() + "/state"; }

    // Rewrites the topology file (the profile files stay).
    void set_services(std::vector<RcService> services);
    std::vector<RcService>& services() { return services_; }
    void write_topology();
    void write_profile(const std::string& name, const RcProfile& patches);

    // infractl -f <topology> --no-color <args...> with INFRACTL_STATE_DIR set.
    RunResult run(const std::vector<std::string>& args, const RunOptions& opts = {}) const;
    // The argv run() would execute, for tests that spawn the process themselves.
    std::vector<std::string> argv(const std::vector<std::string>& args) const;
    std::vector<std::pair<std::string, std::string>> env() const;

    void clean() { guard_.clean(); }

private:
    StackGuard guard_;
    TempDir dir_;
    std::vector<std::string> networks_;
    std::vector<RcService> services_;
};

// A process running in the background (for concurrency and Ctrl-C tests):
// stdout and stderr go to files, read back by wait().
class Spawned {
public:
    Spawned(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& env,
            const std::string& out_prefix);
    ~Spawned();  // SIGKILLs the process group if still running
    Spawned(const Spawned&) = delete;
    Spawned& operator=(const Spawned&) = delete;
    void signal(int sig) const;
    bool running();
    // Waits up to `timeout` (then SIGKILL, timed_out); collects the output.
    RunResult wait(std::chrono::seconds timeout);
    std::string err_so_far() const;
    std::string out_so_far() const;

private:
    int pid_ = -1;
    bool reaped_ = false;
    int status_ = 0;
    std::string out_path_, err_path_;
};

// docker inspect -f FORMAT NAME, trimmed; nullopt when the object does not exist.
std::optional<std::string> inspect(const std::string& name, const std::string& format);
std::string container_id(const std::string& name);  // "" when absent
// Names (sorted) of containers / networks / volumes labelled with the stack.
std::vector<std::string> stack_containers(const std::string& stack);
std::vector<std::string> stack_networks(const std::string& stack);
std::vector<std::string> stack_volumes(const std::string& stack);

// Lines of an -vv log that are mutating engine calls (POST, PUT, DELETE).
std::vector<std::string> mutating_calls(const std::string& log);
// Lines of `text` containing `needle`.
std::vector<std::string> lines_with(const std::string& text, const std::string& needle);

}  // namespace infractl::e2e::rc
