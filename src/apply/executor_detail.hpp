#pragma once
// Pieces of the executor shared by its files. Private to src/apply.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "infractl/apply/executor.hpp"
#include "infractl/core/error.hpp"

namespace infractl::apply_detail {

struct RunContext {
    const Plan& plan;
    Engine& engine;
    const ApplyOptions& opts;

    std::mutex mu;  // guards everything below and serialises on_progress
    std::set<std::string> images_ready;
    std::map<std::string, std::shared_ptr<std::mutex>> image_locks;
    std::set<std::pair<ServiceKey, int>> conditions_met;  // (dependency, DependCondition)
    std::vector<std::string> warnings;                    // ApplyResult::warnings

    void emit(const std::string& target, const ServiceKey& service, StepState state, std::string detail = {});
    void warn(std::string text);
    bool interrupted() const { return opts.interrupted && opts.interrupted->load(); }
};

// Before any other change: makes every image the plan's creates and recreates
// need present (pull per policy) and marks it in images_ready. Returns one
// error per image that cannot be provided (naming it, why, and how to provide
// it); the caller then starts nothing.
std::vector<std::string> prepare_images(RunContext& cx);

// Runs one action to completion; throws Error on failure.
void run_action(RunContext& cx, const Action& a);

// Action::drain: tells the Celery worker in a.container_id to stop consuming
// and waits (up to a.stop_grace) until it holds no task; a worker still busy
// then is a warning naming its tasks. Never throws for the worker's sake.
void drain_celery_worker(RunContext& cx, const Action& a);

// What a container must reach: the dependency conditions, plus `ready`
// (healthy when it has a healthcheck, else running) for replacements and --wait.
enum class Goal { started, healthy, completed, ready };
using Deadline = std::chrono::steady_clock::time_point;
Deadline deadline_from_now(const RunContext& cx);
// Polls inspect until `container` reaches `goal` or `deadline` passes; throws
// Error naming `who` and, for health, the last health-check output. Progress
// events go to `progress_target` (the action waiting).
void wait_for(RunContext& cx, const std::string& container, Goal goal, const std::string& who,
              const std::string& progress_target, const ServiceKey& progress_service, Deadline deadline);
// Waits for every depends_on condition of the action's service.
void wait_for_dependencies(RunContext& cx, const Action& a);
// --wait: every service of the plan's scope ready, oneshots completed. Returns errors.
std::vector<std::string> wait_for_services(RunContext& cx, const std::set<ServiceKey>& skip);

}  // namespace infractl::apply_detail
