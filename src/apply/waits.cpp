// Waiting for containers: dependency conditions, replacements becoming
// ready, and the final --wait.
#include <thread>

#include <fmt/format.h>

#include "executor_detail.hpp"

namespace infractl::apply_detail {

namespace {

enum class Check { met, pending, failed };

bool has_healthcheck(const ObservedContainer& c) { return c.spec.healthcheck && !c.spec.healthcheck->disabled; }

const char* goal_word(Goal g) {
    switch (g) {
        case Goal::started: return "started";
        case Goal::healthy: return "healthy";
        case Goal::completed: return "completed successfully";
        case Goal::ready: return "ready";
    }
    return "?";
}

Check check(const ObservedContainer& c, Goal goal, std::string& why) {
    bool running = c.state == ContainerState::running;
    bool exited = has_exited(c.state);
    if (goal == Goal::completed) {
        if (exited && c.exit_code == 0) return Check::met;
        if (exited) return why = fmt::format("{} exited with code {}", c.name, c.exit_code), Check::failed;
        return Check::pending;
    }
    if (goal == Goal::started) return running || c.state == ContainerState::restarting ? Check::met : Check::pending;
    if (exited && goal == Goal::ready)
        return why = fmt::format("{} exited with code {}", c.name, c.exit_code), Check::failed;
    bool needs_health = goal == Goal::healthy || has_healthcheck(c);
    if (goal == Goal::healthy && running && c.health == Health::none)
        return why = fmt::format("{} has no healthcheck, so it can never be healthy", c.name), Check::failed;
    if (!running) return Check::pending;
    return !needs_health || c.health == Health::healthy ? Check::met : Check::pending;
}

std::string describe(const ObservedContainer& c) {
    std::string s = c.state == ContainerState::running && c.health != Health::none ? to_string(c.health)
                                                                                     : to_string(c.state);
    std::string out = fmt::format("{} is {}", c.name, s);
    if (!c.last_health_output.empty()) {
        std::string output = c.last_health_output;
        while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
        out += fmt::format("; last health check output: {}", output);
    }
    return out;
}

Goal goal_for(DependCondition c) {
    switch (c) {
        case DependCondition::service_started: return Goal::started;
        case DependCondition::service_healthy: return Goal::healthy;
        case DependCondition::service_completed_successfully: return Goal::completed;
    }
    return Goal::started;
}

}  // namespace

Deadline deadline_from_now(const RunContext& cx) {
    return std::chrono::steady_clock::now() + std::chrono::nanoseconds(cx.opts.wait_timeout.ns);
}

void wait_for(RunContext& cx, const std::string& container, Goal goal, const std::string& who,
              const std::string& progress_target, const ServiceKey& progress_service, Deadline deadline) {
    auto start = std::chrono::steady_clock::now();
    for (;;) {
        ObservedContainer c = cx.engine.inspect_container(container);
        std::string why;
        Check r = check(c, goal, why);
        if (r == Check::met) return;
        if (r == Check::failed) throw Error(ErrorKind::refused, fmt::format("{} cannot become {}: {}", who, goal_word(goal), why));
        auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            throw Error(ErrorKind::refused, fmt::format("timed out after {} waiting for {} to be {}: {}",
                                                        format_duration(cx.opts.wait_timeout), who,
                                                        goal_word(goal), describe(c)));
        if (cx.interrupted())
            throw Error(ErrorKind::interrupted, fmt::format("interrupted while waiting for {}", who));
        auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - start).count();
        cx.emit(progress_target, progress_service, StepState::waiting,
                fmt::format("waiting for {} to be {} {}s", who, goal_word(goal), waited));
        std::this_thread::sleep_for(
            std::min(std::chrono::nanoseconds(cx.opts.poll_interval.ns),
                     std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - now)));
    }
}

void wait_for_dependencies(RunContext& cx, const Action& a) {
    for (const auto& dep : a.waits) {
        std::pair<ServiceKey, int> key{dep.target, static_cast<int>(dep.condition)};
        {
            std::lock_guard lock(cx.mu);
            if (cx.conditions_met.count(key)) continue;
        }
        auto deadline = deadline_from_now(cx);
        for (const auto& c : dep.containers)
            wait_for(cx, c, goal_for(dep.condition), fmt::format("'{}'", dep.target.str()), a.target, a.service,
                     deadline);
        std::lock_guard lock(cx.mu);
        cx.conditions_met.insert(key);
    }
}

std::vector<std::string> wait_for_services(RunContext& cx, const std::set<ServiceKey>& skip) {
    std::vector<std::string> errors;
    auto deadline = deadline_from_now(cx);
    for (const auto& s : cx.plan.scope) {
        if (skip.count(s.key)) continue;
        Goal goal = s.oneshot ? Goal::completed : Goal::ready;
        for (const auto& c : s.containers) {
            try {
                wait_for(cx, c, goal, fmt::format("'{}'", s.key.str()), c, s.key, deadline);
            } catch (const Error& e) {
                errors.push_back(fmt::format("wait {}: {}", s.key.str(), e.what()));
                break;
            }
        }
        if (cx.interrupted()) break;
    }
    return errors;
}

}  // namespace infractl::apply_detail
