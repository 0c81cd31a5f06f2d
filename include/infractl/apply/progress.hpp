#pragma once
// Shows the executor's ProgressEvents. Three modes:
// - tty: one line per object (service container, network, volume) with its
//   step, pull bytes or health-wait time, redrawn in place with ANSI cursor
//   movement at most every `min_redraw` (10 times a second by default). There
//   is no timer thread: the executor emits an event on every health poll, so
//   waits keep the view moving; finish() draws the final state.
// - plain: one line per step change ("turfoo-postgres: creating"), for logs
//   and pipes; repeated polls of the same step print nothing.
// - quiet: nothing (the command prints the result and errors itself).
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "infractl/apply/executor.hpp"

namespace infractl {

enum class ProgressMode { tty, plain, quiet };

struct ProgressOptions {
    ProgressMode mode = ProgressMode::plain;
    bool color = false;
    std::chrono::milliseconds min_redraw{100};
    // Injected for tests; defaults to steady_clock::now.
    std::function<std::chrono::steady_clock::time_point()> clock;
};

class ProgressView {
public:
    ProgressView(std::ostream& out, ProgressOptions opts);
    // Thread-safe: the executor calls it from its workers.
    void event(const ProgressEvent& e);
    void finish();

private:
    struct Line {
        std::string target;
        ServiceKey service;
        StepState state = StepState::pending;
        std::string detail;
        std::chrono::steady_clock::time_point since;
    };
    std::chrono::steady_clock::time_point now() const;
    void print_plain(const Line& line, bool state_changed);
    void redraw();
    std::string format_tty(const Line& line) const;
    std::string colored_state(StepState s) const;

    std::ostream& out_;
    ProgressOptions opts_;
    std::mutex mu_;
    std::vector<Line> lines_;
    std::map<std::string, std::size_t> index_;  // target -> lines_ index
    std::size_t drawn_ = 0;                     // lines on screen from the last redraw
    std::chrono::steady_clock::time_point last_draw_{};
    bool dirty_ = false;
};

}  // namespace infractl
