// The DAG scheduler: a fixed pool of workers takes the first pending action
// whose `after` actions are done; failures and interrupts skip what follows.
#include "infractl/apply/executor.hpp"

#include <condition_variable>
#include <thread>

#include <fmt/format.h>

#include "executor_detail.hpp"

namespace infractl {

const char* to_string(StepState s) {
    switch (s) {
        case StepState::pending: return "pending";
        case StepState::pulling: return "pulling";
        case StepState::creating: return "creating";
        case StepState::starting: return "starting";
        case StepState::waiting: return "waiting";
        case StepState::done: return "done";
        case StepState::failed: return "failed";
        case StepState::skipped: return "skipped";
    }
    return "?";
}

namespace apply_detail {

void RunContext::emit(const std::string& target, const ServiceKey& service, StepState state, std::string detail) {
    if (!opts.on_progress) return;
    std::lock_guard lock(mu);
    opts.on_progress(ProgressEvent{target, service, state, std::move(detail)});
}

void RunContext::warn(std::string text) {
    std::lock_guard lock(mu);
    warnings.push_back(std::move(text));
}

namespace {

enum class Status { pending, running, done, failed, skipped };

class Scheduler {
public:
    explicit Scheduler(RunContext& cx) : cx_(cx), status_(cx.plan.actions.size(), Status::pending),
                                         errors_(cx.plan.actions.size()) {}

    void run() {
        std::size_t n = std::min<std::size_t>(std::max(cx_.opts.parallel, 1), cx_.plan.actions.size());
        std::vector<std::thread> workers;
        for (std::size_t i = 0; i < n; ++i) workers.emplace_back([this] { work(); });
        for (auto& t : workers) t.join();
    }

    void collect(ApplyResult& r, std::set<ServiceKey>& troubled) const {
        for (std::size_t i = 0; i < status_.size(); ++i) {
            const Action& a = cx_.plan.actions[i];
            if (status_[i] == Status::done) ++r.done;
            if (status_[i] == Status::skipped) ++r.skipped;
            if (status_[i] == Status::failed) {
                ++r.failed;
                r.errors.push_back(fmt::format("{} {}: {}", to_string(a.kind), a.target, errors_[i]));
            }
            if (status_[i] == Status::failed || status_[i] == Status::skipped) troubled.insert(a.service);
        }
        r.interrupted = interrupted_;
    }

private:
    void work() {
        std::unique_lock lock(mu_);
        for (;;) {
            settle();
            if (auto next = find_ready()) {
                status_[*next] = Status::running;
                lock.unlock();
                execute(*next);
                lock.lock();
                cv_.notify_all();
                continue;
            }
            if (finished()) return cv_.notify_all();
            // Timed, so that an interrupt is noticed while others are running.
            cv_.wait_for(lock, std::chrono::milliseconds(50));
        }
    }

    void execute(std::size_t i) {
        const Action& a = cx_.plan.actions[i];
        Status result = Status::done;
        std::string error;
        try {
            run_action(cx_, a);
        } catch (const Error& e) {
            // Interrupted while waiting (for a dependency, or for a start-first
            // replacement that was then dropped): the action changed nothing,
            // so it is "not started", not a failure to report as an error.
            result = e.kind() == ErrorKind::interrupted ? Status::skipped : Status::failed;
            error = result == Status::skipped ? "interrupted"
                    : e.hint().empty()          ? std::string(e.what())
                                                : fmt::format("{} (hint: {})", e.what(), e.hint());
        } catch (const std::exception& e) {
            result = Status::failed;
            error = e.what();
        }
        StepState step = result == Status::done ? StepState::done
                         : result == Status::skipped ? StepState::skipped
                                                     : StepState::failed;
        cx_.emit(a.target, a.service, step, error);
        std::lock_guard lock(mu_);
        status_[i] = result;
        errors_[i] = error;
    }

    // Skips what can no longer run. One pass in index order suffices because
    // every `after` index is smaller than the action's own.
    void settle() {
        if (cx_.interrupted()) interrupted_ = true;
        for (std::size_t i = 0; i < status_.size(); ++i) {
            if (status_[i] != Status::pending) continue;
            const Action& a = cx_.plan.actions[i];
            std::string why = interrupted_ ? "interrupted" : "";
            for (std::size_t d : a.after)
                if (status_[d] == Status::failed || status_[d] == Status::skipped) {
                    why = fmt::format("{} {} did not succeed", to_string(cx_.plan.actions[d].kind),
                                      cx_.plan.actions[d].target);
                    break;
                }
            if (why.empty()) continue;
            status_[i] = Status::skipped;
            cx_.emit(a.target, a.service, StepState::skipped, why);
        }
    }

    std::optional<std::size_t> find_ready() const {
        for (std::size_t i = 0; i < status_.size(); ++i) {
            if (status_[i] != Status::pending) continue;
            bool ready = true;
            for (std::size_t d : cx_.plan.actions[i].after) ready = ready && status_[d] == Status::done;
            if (ready) return i;
        }
        return std::nullopt;
    }

    bool finished() const {
        for (Status s : status_)
            if (s == Status::pending || s == Status::running) return false;
        return true;
    }

    RunContext& cx_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<Status> status_;
    std::vector<std::string> errors_;
    bool interrupted_ = false;
};

}  // namespace

}  // namespace apply_detail

ApplyResult apply_plan(const Plan& plan, Engine& engine, const ApplyOptions& opts) {
    apply_detail::RunContext cx{plan, engine, opts, {}, {}, {}, {}, {}};
    // An image that cannot be provided stops the run before any change, so
    // a failed pull never leaves half a stack.
    if (std::vector<std::string> missing = apply_detail::prepare_images(cx); !missing.empty()) {
        ApplyResult result;
        result.failed = static_cast<int>(missing.size());
        result.skipped = static_cast<int>(plan.actions.size());
        result.errors = std::move(missing);
        for (const auto& a : plan.actions)
            cx.emit(a.target, a.service, StepState::skipped, "not started: an image could not be provided");
        return result;
    }
    apply_detail::Scheduler scheduler(cx);
    scheduler.run();
    ApplyResult result;
    std::set<ServiceKey> troubled;
    scheduler.collect(result, troubled);
    if (opts.wait && !result.interrupted && !cx.interrupted()) {
        auto errors = apply_detail::wait_for_services(cx, troubled);
        result.failed += static_cast<int>(errors.size());
        result.errors.insert(result.errors.end(), errors.begin(), errors.end());
        if (cx.interrupted()) result.interrupted = true;
    }
    result.warnings = std::move(cx.warnings);
    return result;
}

}  // namespace infractl
