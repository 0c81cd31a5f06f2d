#include "infractl/swarm/swarm_apply.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "infractl/core/error.hpp"
#include "infractl/engine/json_read.hpp"

namespace infractl {

namespace {

namespace jr = jsonr;
using Clock = std::chrono::steady_clock;

struct Run {
    const Plan& plan;
    SwarmClient& client;
    const ApplyOptions& opts;

    void emit(const Action& a, StepState state, std::string detail = {}) const {
        if (opts.on_progress) opts.on_progress(ProgressEvent{a.target, a.service, state, std::move(detail)});
    }
    bool interrupted() const { return opts.interrupted && opts.interrupted->load(); }
    Clock::time_point deadline() const { return Clock::now() + std::chrono::nanoseconds(opts.wait_timeout.ns); }
    void pause() const { std::this_thread::sleep_for(std::chrono::nanoseconds(opts.poll_interval.ns)); }
};

int wanted_tasks(const ObservedService& s) {
    const auto& mode = jr::object(s.spec, "Mode");
    if (const auto* job = jr::field(mode, "ReplicatedJob")) return static_cast<int>(jr::i64(*job, "TotalCompletions"));
    return static_cast<int>(jr::i64(jr::object(mode, "Replicated"), "Replicas"));
}

bool is_job(const ObservedService& s) { return jr::field(jr::object(s.spec, "Mode"), "ReplicatedJob") != nullptr; }

int completed_tasks(const ObservedService& s) {
    int n = 0;
    for (const auto& t : s.tasks) n += t.state == "complete";
    return n;
}

// Polls the service until `done` says so; throws naming `what` on timeout or interrupt.
template <class Done>
ObservedService wait_service(const Run& run, const Action& a, const std::string& name, const std::string& what,
                             Done done) {
    auto deadline = run.deadline();
    for (;;) {
        ObservedService s = run.client.inspect_service(name);
        std::string why;
        if (done(s, why)) return s;
        if (!why.empty()) throw Error(ErrorKind::refused, why);
        if (run.interrupted()) throw Error(ErrorKind::interrupted, "interrupted while waiting for " + what);
        if (Clock::now() >= deadline) {
            std::string err = s.last_task_error();
            throw Error(ErrorKind::refused,
                        fmt::format("timed out after {} waiting for {}: {}/{} tasks running{}",
                                    format_duration(run.opts.wait_timeout), what, s.running_tasks(), wanted_tasks(s),
                                    err.empty() ? "" : "; last task error: " + err));
        }
        run.emit(a, StepState::waiting,
                 fmt::format("waiting for {}: {}/{} tasks running", what, s.running_tasks(), wanted_tasks(s)));
        run.pause();
    }
}

void wait_ready(const Run& run, const Action& a, const std::string& name, DependCondition condition) {
    bool complete = condition == DependCondition::service_completed_successfully;
    wait_service(run, a, name, fmt::format("'{}' to be {}", name, complete ? "completed" : "running"),
                 [&](const ObservedService& s, std::string& why) {
                     if (complete || is_job(s)) {
                         for (const auto& t : s.tasks)
                             if (t.state == "failed" || t.state == "rejected")
                                 why = fmt::format("{} cannot complete: a task {}: {}", name, t.state, t.error);
                         return completed_tasks(s) >= wanted_tasks(s);
                     }
                     return s.running_tasks() >= wanted_tasks(s);
                 });
}

// Fields outside the task template (the replica count, the update order, the
// published ports) change without replacing a task; any other field (the
// service's labels too: its tasks carry them) replaces the tasks in a rolling
// update that Swarm reports in UpdateStatus.
bool rolls_tasks(const Action& a) {
    return std::any_of(a.changes.begin(), a.changes.end(), [](const FieldChange& c) {
        return c.field != "replicas" && c.field != "update order" && c.field != "ports";
    });
}

void update(const Run& run, const Action& a) {
    ObservedService before = run.client.inspect_service(a.service_id);
    run.client.update_service(a.service_id, before.version, a.service_spec);
    bool rolling = rolls_tasks(a);
    wait_service(run, a, a.service_id, fmt::format("the update of {}", a.target),
                 [&](const ObservedService& s, std::string& why) {
                     if (!rolling) return s.running_tasks() >= wanted_tasks(s);
                     // UpdateStatus appears a moment after the update call: until its
                     // StartedAt changes, the status seen is the previous update's.
                     if (s.update_started_at == before.update_started_at) return false;
                     const std::string& st = s.update_state;
                     if (st == "rollback_started" || st == "rollback_completed" || st == "rollback_paused" ||
                         st == "paused") {
                         std::string err = s.last_task_error();
                         why = fmt::format("the update of service {} was rolled back by Swarm ({}: {}){}", a.target, st,
                                           s.update_message, err.empty() ? "" : "; task error: " + err);
                         return false;
                     }
                     return st == "completed" && s.running_tasks() >= wanted_tasks(s);
                 });
}

// Once the service is deleted its tasks go asynchronously, and the task list
// filtered by it answers "not found": that is gone.
bool tasks_left(const Run& run, const std::string& service) {
    try {
        return !run.client.tasks_of(service).empty();
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::not_found) return false;
        throw;
    }
}

void remove(const Run& run, const Action& a) {
    run.client.remove_service(a.service_id.empty() ? a.target : a.service_id);
    auto deadline = run.deadline();
    while (tasks_left(run, a.target)) {
        if (Clock::now() >= deadline || run.interrupted()) break;  // the networks' removal will say what is left
        run.emit(a, StepState::waiting, "waiting for the tasks to stop");
        run.pause();
    }
}

// A removed service's tasks leave the overlay network asynchronously: until
// they have, the engine answers "has active endpoints". Retried until the
// wait timeout.
void remove_network(const Run& run, const Action& a) {
    auto deadline = run.deadline();
    for (;;) {
        try {
            return run.client.remove_network(a.target);
        } catch (const Error& e) {
            bool busy = std::string(e.what()).find("active endpoints") != std::string::npos;
            if (!busy || Clock::now() >= deadline || run.interrupted()) throw;
        }
        run.emit(a, StepState::waiting, "waiting for the last tasks to leave the network");
        run.pause();
    }
}

void run_action(const Run& run, const Action& a) {
    switch (a.kind) {
        case ActionKind::create_network: return run.client.create_network(a.network);
        case ActionKind::remove_network: return remove_network(run, a);
        case ActionKind::create_service:
            for (const auto& w : a.waits)
                for (const auto& name : w.containers) wait_ready(run, a, name, w.condition);
            run.emit(a, StepState::creating);
            run.client.create_service(a.service_spec);
            return;
        case ActionKind::update_service: return update(run, a);
        case ActionKind::remove_service: return remove(run, a);
        default:
            throw Error(ErrorKind::internal,
                        fmt::format("{} {} is a container action; the Swarm backend cannot run it",
                                    to_string(a.kind), a.target));
    }
}

enum class Status { pending, done, failed, skipped };

}  // namespace

ApplyResult apply_swarm_plan(const Plan& plan, SwarmClient& client, const ApplyOptions& opts) {
    Run run{plan, client, opts};
    ApplyResult result;
    std::vector<Status> status(plan.actions.size(), Status::pending);
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
        const Action& a = plan.actions[i];
        bool blocked = run.interrupted();
        for (std::size_t d : a.after) blocked = blocked || status[d] != Status::done;
        if (blocked) {
            status[i] = Status::skipped;
            ++result.skipped;
            run.emit(a, StepState::skipped, run.interrupted() ? "interrupted" : "an earlier step did not succeed");
            continue;
        }
        try {
            run_action(run, a);
            status[i] = Status::done;
            ++result.done;
            run.emit(a, StepState::done);
        } catch (const Error& e) {
            bool interrupted = e.kind() == ErrorKind::interrupted;
            status[i] = interrupted ? Status::skipped : Status::failed;
            (interrupted ? result.skipped : result.failed)++;
            if (!interrupted) result.errors.push_back(fmt::format("{} {}: {}", to_string(a.kind), a.target, e.what()));
            run.emit(a, interrupted ? StepState::skipped : StepState::failed, e.what());
        }
    }
    result.interrupted = run.interrupted();
    if (opts.wait && result.ok()) {
        for (const auto& s : plan.scope) {
            Action probe;
            probe.target = s.containers.empty() ? s.key.str() : s.containers.front();
            probe.service = s.key;
            try {
                wait_ready(run, probe, probe.target,
                           s.oneshot ? DependCondition::service_completed_successfully
                                     : DependCondition::service_healthy);
            } catch (const Error& e) {
                ++result.failed;
                result.errors.push_back(fmt::format("wait {}: {}", s.key.str(), e.what()));
            }
        }
        result.interrupted = run.interrupted();
    }
    return result;
}

}  // namespace infractl
