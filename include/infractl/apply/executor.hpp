#pragma once
// Plan -> engine calls. A DAG executor with bounded parallelism: an action
// starts once every action it waits for has finished (Action::after), and a
// service's containers start only after its dependencies meet their
// depends_on condition (started, healthy, completed successfully).
//
// Recreate is start-first for replicated stateless services (the new
// container runs, and is healthy where it has a healthcheck, before the old
// one is removed; the new one is created under a temporary name and renamed)
// and stop-first for singletons and services with volumes.
//
// On interrupt (the flag becomes true) no new action starts, in-flight calls
// finish, and the result says what was done.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "infractl/engine/engine.hpp"
#include "infractl/plan/plan.hpp"

namespace infractl {

enum class StepState { pending, pulling, creating, starting, waiting, done, failed, skipped };
const char* to_string(StepState s);

// Progress events for the TTY view and the plain log (apply/progress.hpp).
struct ProgressEvent {
    std::string target;   // container/network/volume name
    ServiceKey service;
    StepState state = StepState::pending;
    std::string detail;   // "pulling 12.3M/40.1M", "waiting for health 4s", error text
};

struct ApplyOptions {
    int parallel = 8;
    // --wait: after the plan, wait until every service of the plan's scope is
    // healthy (with a healthcheck) or running, and every oneshot has exited 0.
    bool wait = false;
    // Bounds each wait: a dependency's condition, a start-first replacement
    // becoming ready, and the whole --wait phase.
    Duration wait_timeout{300'000'000'000};
    Duration poll_interval{200'000'000};  // inspect polling while waiting
    std::function<void(const ProgressEvent&)> on_progress;  // may be empty
    const std::atomic<bool>* interrupted = nullptr;         // may be null
};

struct ApplyResult {
    int done = 0;
    int failed = 0;
    int skipped = 0;  // not started because of a failure or an interrupt
    bool interrupted = false;
    std::vector<std::string> errors;  // "create turfoo-postgres: engine error: ..." one per failure
    std::vector<std::string> warnings;  // things done that the user should know (a drain that ran out of time)
    bool ok() const { return failed == 0 && !interrupted; }
};

// Reads nothing but the plan (its actions, waits and scope).
ApplyResult apply_plan(const Plan& plan, Engine& engine, const ApplyOptions& opts);

}  // namespace infractl
