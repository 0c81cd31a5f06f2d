#pragma once
// Shared pieces of the reliability tests (tests/e2e/reliability_*.cpp):
// infractl started in the background (to be SIGKILLed or raced), the fault
// proxy, and the invariants every test checks after a crash or a fault.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/harness.hpp"

namespace infractl::e2e {

// infractl running in the background, its output going to files.
class Background {
public:
    Background(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env,
               const std::string& log_prefix);
    ~Background();  // SIGKILLs and reaps the process if it still runs
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    pid_t pid() const { return pid_; }
    // Waits up to `timeout` for the exit; the exit code (128+signal), or -1 when still running.
    int wait(std::chrono::milliseconds timeout);
    // true if it was still running and got SIGKILL; false if it had already exited.
    bool kill_now();
    std::string out() const;
    std::string err() const;
    int exit_code() const { return exit_code_; }
    std::chrono::steady_clock::time_point started() const { return started_; }
    std::chrono::steady_clock::time_point ended() const { return ended_; }

private:
    pid_t pid_ = -1;
    int exit_code_ = -1;
    std::string out_path_, err_path_;
    std::chrono::steady_clock::time_point started_, ended_;
};

// The seed of a randomised test: $<env_var> when set, else a fresh one.
// Prints it so a failure can be replayed.
std::uint64_t test_seed(const char* env_var, const char* what);

// The fault-injecting proxy (tests/tools/fault_proxy.cpp) on a socket of its own.
class FaultProxy {
public:
    FaultProxy(const std::string& socket_path, std::uint64_t seed, const std::vector<std::string>& rules = {});
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    std::string host() const { return "unix://" + socket_; }  // for infractl -H
    // Replaces the rules (and zeroes the counters).
    void set_rules(const std::vector<std::string>& rules);
    void reset_counters();
    nlohmann::json stats();  // GET /_proxy/stats
    long calls() { return stats().value("calls", 0L); }
    long faults() { return stats().value("faults", 0L); }

private:
    std::string socket_;
    pid_t pid_ = -1;
};

// Problems with what the engine holds for `stack` (empty = all good):
// - two containers with the same (project, service, replica) labels;
// - a container, network or volume named with one of `prefixes` but without
//   io.infractl.stack=<stack> (something we made, unlabelled);
// - a leftover "-next" replacement container.
std::vector<std::string> stack_problems(const std::string& stack, const std::vector<std::string>& prefixes);

// Containers of `stack` (all states).
std::size_t container_count(const std::string& stack);

// Every line of `text` joined for messages.
std::string join(const std::vector<std::string>& lines, const std::string& sep = "\n");

}  // namespace infractl::e2e
