// Draining a Celery worker before it is stopped (plan.hpp, Action::drain;
// scale/celery_worker.hpp says why). Through the worker's own remote control,
// run in its container with the engine's exec, so it reaches the broker the
// way the worker does (no port, no address on the host):
//  1. `inspect active_queues`: the queues it consumes (the app's default
//     queue is not in its command line);
//  2. `control cancel_consumer Q` for each: it takes no new task;
//  3. `inspect active` and `inspect reserved` until both are empty (the
//     tasks it runs and the ones it prefetched), up to the stop grace.
// A worker that does not answer is stopped as before: the drain is a best
// effort in front of Celery's warm shutdown, never a reason to fail `up`.
#include <fmt/format.h>

#include <thread>

#include "executor_detail.hpp"

namespace infractl::apply_detail {

namespace {

using Clock = std::chrono::steady_clock;

// `celery -A APP <args...> -d celery@$HOSTNAME --json -t 3` in the container:
// the worker's node name is celery@<its hostname>, which only the container
// knows; the app and arguments travel as positional parameters, unquoted.
std::vector<std::string> remote_control(const CeleryWorker& w, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"sh", "-c", "app=\"$1\"; shift; exec celery -A \"$app\" \"$@\" -d \"celery@$HOSTNAME\" --json -t 3",
                                     "sh", w.app};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

std::string run_in(RunContext& cx, const std::string& id, const std::vector<std::string>& argv) {
    std::string out;
    try {
        cx.engine.exec(id, argv, out);
    } catch (const Error&) {
        return {};  // gone, or not running: nothing to drain
    }
    return out;
}

// The tasks it still runs or holds; nullopt when it did not answer.
std::optional<std::vector<CeleryTask>> held_tasks(RunContext& cx, const std::string& id, const CeleryWorker& w) {
    auto active = celery_reply_tasks(run_in(cx, id, remote_control(w, {"inspect", "active"})));
    if (!active) return std::nullopt;
    auto reserved = celery_reply_tasks(run_in(cx, id, remote_control(w, {"inspect", "reserved"})));
    if (!reserved) return std::nullopt;
    active->insert(active->end(), reserved->begin(), reserved->end());
    return active;
}

std::string task_list(const std::vector<CeleryTask>& tasks) {
    std::vector<std::string> names;
    for (const auto& t : tasks) names.push_back(fmt::format("{}[{}]", t.name, t.id));
    if (names.size() > 5) {
        std::size_t more = names.size() - 5;
        names.resize(5);
        names.push_back(fmt::format("and {} more", more));
    }
    return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

void drain_celery_worker(RunContext& cx, const Action& a) {
    const CeleryWorker& w = *a.drain;
    const std::string& id = a.container_id;
    auto queues = celery_reply_queues(run_in(cx, id, remote_control(w, {"inspect", "active_queues"})));
    if (!queues) return;  // not answering: stopped as before
    std::vector<std::string> names = queues->empty() ? celery_drain_queues(w) : *queues;
    for (const auto& q : names) run_in(cx, id, remote_control(w, {"control", "cancel_consumer", q}));
    cx.emit(a.target, a.service, StepState::waiting,
            fmt::format("draining: stopped consuming {}", fmt::join(names, ",")));

    const Clock::time_point deadline = Clock::now() + std::chrono::nanoseconds(a.stop_grace.ns);
    std::vector<CeleryTask> last;
    while (!cx.interrupted()) {
        auto held = held_tasks(cx, id, w);
        if (!held) return;  // stopped answering (it may have exited)
        if (held->empty()) return;
        last = *held;
        if (Clock::now() >= deadline) break;
        cx.emit(a.target, a.service, StepState::waiting,
                fmt::format("draining: {} task{} to finish", held->size(), held->size() == 1 ? "" : "s"));
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    if (last.empty()) return;
    cx.warn(fmt::format("{}: {} task{} still running after the {} drain, stopped with them: {}", a.target,
                        last.size(), last.size() == 1 ? " was" : "s were", format_duration(a.stop_grace),
                        task_list(last)));
}

}  // namespace infractl::apply_detail
