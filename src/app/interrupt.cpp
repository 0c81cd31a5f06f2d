#include <csignal>

#include "app_support.hpp"

namespace infractl {

namespace {
std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int sig) {
    if (g_interrupted.exchange(true)) {
        // Second signal: the user insists. Die the default way.
        std::signal(sig, SIG_DFL);
        std::raise(sig);
    }
}
}  // namespace

InterruptGuard::InterruptGuard() {
    g_interrupted = false;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
}

InterruptGuard::~InterruptGuard() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

const std::atomic<bool>& InterruptGuard::flag() const { return g_interrupted; }

}  // namespace infractl
