#pragma once
// One loaded session per command (docs/architecture.md, "A command"): the
// inputs are read once and resolved once, with the remembered scale counts
// of the stack under this profile; the backend is connected once, on first
// use; a writing command takes the stack lock through it. Opening a session
// never writes anything: only lock() and forget_lapsed() do, and only the
// writing commands (up, down, scale, autoscale) call them.
#include <memory>
#include <string>

#include "infractl/app/inputs.hpp"
#include "infractl/backend/reconciler.hpp"
#include "infractl/core/units.hpp"
#include "infractl/state/autoscale_store.hpp"
#include "infractl/state/counter_store.hpp"
#include "infractl/state/history_store.hpp"

namespace infractl {

// Holds the per-stack lock for its lifetime.
class StackLockHolder {
public:
    virtual ~StackLockHolder() = default;
};

class Session {
public:
    // strict: any error in the files is printed and thrown as
    // Error(invalid_input), so nothing touches the engine. lenient: errors are
    // printed and the session opens anyway (down works from a broken topology
    // as long as its stack name can be read).
    enum class Check { strict, lenient };

    static Session open(const GlobalOptions& g, Check check = Check::strict);

    const GlobalOptions& options() const { return g_; }
    const Inputs& inputs() const { return in_; }
    bool valid() const { return !in_.diags.has_errors(); }
    // The resolved desired state; only meaningful when valid().
    DesiredState& desired() { return in_.desired; }
    const DesiredState& desired() const { return in_.desired; }
    // The stack to act on; throws Error(invalid_input) when the topology has
    // no readable `stack`.
    const std::string& stack() const;

    // "docker" or "swarm": --backend, else the profile's `backend:`, else docker.
    const std::string& backend_name() const;
    // The backend for this session, connected on first use.
    Reconciler& reconciler();

    // Takes the stack lock (waiting up to `timeout`) for a writing command.
    std::unique_ptr<StackLockHolder> lock(const std::string& command, Duration timeout) const;
    // The remembered counts of this stack and profile, read now (under the lock).
    Overrides read_overrides() const;
    void write_overrides(const Overrides& overrides) const;
    // Forgets, in the state dir, the remembered counts that lapsed (the
    // topology's own count changed). Writing commands only, under the lock.
    void forget_lapsed() const;
    // The autoscaler's history of this stack and profile (autoscale only).
    AutoscaleStore autoscale_store() const;
    CounterStore counter_store() const;
    // What up, scale and rollback ran under this stack and profile.
    HistoryStore history_store() const;

private:
    Session(GlobalOptions g, Inputs in) : g_(std::move(g)), in_(std::move(in)) {}
    GlobalOptions g_;
    Inputs in_;
    std::unique_ptr<Reconciler> reconciler_;
};

}  // namespace infractl
