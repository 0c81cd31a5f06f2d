// Session::open: read -> validate -> (remembered counts) -> resolve, once.
#include "infractl/app/session.hpp"

#include <iostream>

#include <fmt/format.h>

#include "infractl/backend/container_reconciler.hpp"
#include "infractl/backend/swarm_reconciler.hpp"
#include "infractl/core/error.hpp"
#include "infractl/engine/docker_engine.hpp"
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

void print_diagnostics(const Diagnostics& diags) {
    for (const auto& d : diags.sorted()) std::cerr << d.str() << '\n';
}

void print_notes(const Inputs& in) {
    if (in.profile_file.empty())
        std::cerr << fmt::format("note: no profile file for '{}' beside {}: using the topology as written\n",
                                 kDefaultProfile, in.topology_file);
    for (const auto& l : in.desired.lapsed)
        std::cerr << fmt::format(
            "note: the remembered scale {}={} no longer applies: it was made when the topology and profile asked "
            "for {}, now they ask for {} (the next up or scale forgets it)\n",
            l.key.str(), l.override_made.replicas, l.override_made.base, l.topology_replicas);
}

OverridesStore store_for(const GlobalOptions& g, const Inputs& in) {
    return OverridesStore(resolve_state_dir(g.state_dir), in.topology.stack, in.profile.name);
}

}  // namespace

Session Session::open(const GlobalOptions& g, Check check) {
    Inputs in = read_inputs(g);
    Overrides overrides;
    if (!in.diags.has_errors() && !in.topology.stack.empty()) overrides = store_for(g, in).load();
    resolve_inputs(in, overrides);
    print_diagnostics(in.diags);
    if (in.diags.has_errors() && check == Check::strict) {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{} error{} in {}; nothing was changed", in.diags.error_count(),
                                in.diags.error_count() == 1 ? "" : "s", in.topology_file));
    }
    if (!in.diags.has_errors()) print_notes(in);
    return Session(g, std::move(in));
}

const std::string& Session::stack() const {
    if (in_.topology.stack.empty()) {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("cannot tell which stack to act on: {} has no readable 'stack'", in_.topology_file),
                    "fix the errors above, or pass the right file with -f");
    }
    return in_.topology.stack;
}

// --backend, else the profile's `backend:`, else docker.
const std::string& Session::backend_name() const {
    static const std::string kDocker = "docker";
    if (!g_.backend.empty()) return g_.backend;
    if (!in_.profile.backend.empty()) return in_.profile.backend;
    return kDocker;
}

Reconciler& Session::reconciler() {
    if (reconciler_) return *reconciler_;
    auto engine = std::make_unique<DockerEngine>(engine_socket_path(g_.host));
    if (backend_name() == "swarm")
        reconciler_ = std::make_unique<SwarmReconciler>(std::move(engine));
    else
        reconciler_ = std::make_unique<ContainerReconciler>(std::move(engine));
    return *reconciler_;
}

std::unique_ptr<StackLockHolder> Session::lock(const std::string& command, Duration timeout) const {
    std::string dir = resolve_state_dir(g_.state_dir);
    ensure_state_dir(dir);
    auto on_wait = [](const std::string& message) { std::cerr << message << std::endl; };
    return std::make_unique<HeldLock>(StackLock::acquire(dir, stack(), command, timeout, on_wait));
}

Overrides Session::read_overrides() const { return store_for(g_, in_).load(); }

AutoscaleStore Session::autoscale_store() const {
    return AutoscaleStore(resolve_state_dir(g_.state_dir), stack(), in_.profile.name);
}

CounterStore Session::counter_store() const {
    return CounterStore(resolve_state_dir(g_.state_dir), stack(), in_.profile.name);
}

HistoryStore Session::history_store() const {
    return HistoryStore(resolve_state_dir(g_.state_dir), stack(), in_.profile.name);
}

void Session::write_overrides(const Overrides& overrides) const { store_for(g_, in_).save(overrides); }

// Removes only what this session saw lapse, and only if the file still holds
// it as seen: a scale made since by another infractl stays.
void Session::forget_lapsed() const {
    if (in_.desired.lapsed.empty()) return;
    Overrides current = read_overrides();
    bool changed = false;
    for (const auto& l : in_.desired.lapsed) {
        auto it = current.find(l.key.str());
        if (it != current.end() && it->second == l.override_made) {
            current.erase(it);
            changed = true;
        }
    }
    if (changed) write_overrides(current);
}

}  // namespace infractl
