// The app layer's use of local state: the stack lock, the remembered scale
// overrides, and the progress display.
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "app_support.hpp"
#include "infractl/apply/progress.hpp"
#include "infractl/state/overrides_store.hpp"
#include "infractl/state/stack_lock.hpp"
#include "infractl/state/state_dir.hpp"

namespace infractl {

namespace {

class HeldLock : public StackLockHolder {
public:
    explicit HeldLock(StackLock lock) : lock_(std::move(lock)) {}

private:
    StackLock lock_;
};

class ViewSink : public ProgressSink {
public:
    ViewSink(std::ostream& out, ProgressOptions opts) : view_(out, std::move(opts)) {}
    void event(const ProgressEvent& e) override { view_.event(e); }
    void finish() override { view_.finish(); }

private:
    ProgressView view_;
};

}  // namespace

std::unique_ptr<StackLockHolder> lock_stack(const GlobalOptions& g, const std::string& stack,
                                            const std::string& command, Duration timeout) {
    std::string dir = resolve_state_dir(g.state_dir);
    ensure_state_dir(dir);
    auto on_wait = [](const std::string& message) { std::cerr << message << std::endl; };
    return std::make_unique<HeldLock>(StackLock::acquire(dir, stack, command, timeout, on_wait));
}

Overrides load_overrides(const GlobalOptions& g, const std::string& stack) {
    return OverridesStore(resolve_state_dir(g.state_dir), stack).load();
}

void save_overrides(const GlobalOptions& g, const std::string& stack, const Overrides& overrides) {
    std::string dir = resolve_state_dir(g.state_dir);
    ensure_state_dir(dir);
    OverridesStore(dir, stack).save(overrides);
}

std::unique_ptr<ProgressSink> make_progress_sink(const GlobalOptions& g, bool quiet) {
    ProgressOptions opts;
    bool tty = isatty(STDERR_FILENO) != 0;
    opts.mode = quiet ? ProgressMode::quiet : tty ? ProgressMode::tty : ProgressMode::plain;
    opts.color = g.color && tty;
    return std::make_unique<ViewSink>(std::cerr, std::move(opts));
}

}  // namespace infractl
