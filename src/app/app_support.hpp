#pragma once
// Pieces shared by the engine-facing commands (src/app/*.cpp only).
#include <atomic>
#include <memory>
#include <string>

#include "infractl/app/inputs.hpp"
#include "infractl/apply/executor.hpp"
#include "infractl/engine/engine.hpp"

namespace infractl {

// Loads inputs with the remembered overrides; prints every diagnostic to
// stderr; throws Error(invalid_input) when there is an error, so nothing
// touches the engine.
Inputs load_checked_inputs(const GlobalOptions& g);
// Loads inputs and the stack's remembered scale overrides; prints nothing.
Inputs load_with_overrides(const GlobalOptions& g);
// Same, but returns even with errors (down works from a broken topology as
// long as its stack name can be read).
Inputs load_inputs_lenient(const GlobalOptions& g);
std::string stack_name_of(const Inputs& in);

std::unique_ptr<Engine> connect_engine(const GlobalOptions& g);

// Holds the per-stack lock for its lifetime.
class StackLockHolder {
public:
    virtual ~StackLockHolder() = default;
};
std::unique_ptr<StackLockHolder> lock_stack(const GlobalOptions& g, const std::string& stack,
                                            const std::string& command, Duration timeout);

// SIGINT/SIGTERM set flag() while the guard lives; a second Ctrl-C kills.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    const std::atomic<bool>& flag() const;
};

class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    virtual void event(const ProgressEvent& e) = 0;
    virtual void finish() = 0;
};
std::unique_ptr<ProgressSink> make_progress_sink(const GlobalOptions& g, bool quiet);

// The remembered `infractl scale` counts of a stack (see docs/cli.md, "State").
Overrides load_overrides(const GlobalOptions& g, const std::string& stack);
void save_overrides(const GlobalOptions& g, const std::string& stack, const Overrides& overrides);

void override_pull_policy(DesiredState& desired, const std::string& policy);

}  // namespace infractl
