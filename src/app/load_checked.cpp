#include <iostream>

#include <fmt/format.h>

#include "app_support.hpp"
#include "infractl/core/error.hpp"
#include "infractl/state/overrides_store.hpp"
#include "infractl/state/stack_lock.hpp"
#include "infractl/state/state_dir.hpp"

namespace infractl {

namespace {

void print_diagnostics(const Diagnostics& diags) {
    for (const auto& d : diags.sorted()) std::cerr << d.str() << '\n';
}

// Overrides made against a count the files no longer give.
std::vector<std::string> lapsed_keys(const DesiredState& desired, const Overrides& overrides) {
    std::vector<std::string> out;
    for (const auto& s : desired.services) {
        auto it = overrides.find(s.key.str());
        if (it != overrides.end() && it->second.base != s.topology_replicas) out.push_back(it->first);
    }
    return out;
}

// A lapsed override is forgotten for good: otherwise editing the count and
// editing it back would silently revive a scale made long ago. Forgetting
// needs the stack lock (read-modify-write); when another infractl holds it,
// or the state dir is not writable, the override stays ignored and a later
// command forgets it.
void forget_lapsed(const GlobalOptions& g, Inputs& in) {
    std::vector<std::string> keys = lapsed_keys(in.desired, in.overrides);
    if (keys.empty()) return;
    for (const auto& k : keys) {
        const ReplicaOverride& o = in.overrides.at(k);
        const DesiredService* s = nullptr;
        for (const auto& d : in.desired.services)
            if (d.key.str() == k) s = &d;
        std::cerr << fmt::format(
            "note: forgetting the remembered scale {}={}: it was made when the topology and profile asked for {}, "
            "now they ask for {}\n",
            k, o.replicas, o.base, s ? s->topology_replicas : 0);
    }
    try {
        std::string dir = resolve_state_dir(g.state_dir);
        StackLock lock = StackLock::acquire(dir, in.topology.stack, "forget lapsed overrides", Duration{0});
        OverridesStore store(dir, in.topology.stack);
        Overrides current = store.load();
        for (const auto& k : keys) {
            auto it = current.find(k);
            const ReplicaOverride& seen = in.overrides.at(k);
            if (it != current.end() && it->second.replicas == seen.replicas && it->second.base == seen.base)
                current.erase(it);
        }
        store.save(current);
    } catch (const Error&) {
    }
    for (const auto& k : keys) in.overrides.erase(k);
}

}  // namespace

// Loads once without overrides, then, when the stack has remembered scale
// overrides, resolves again with them (resolving is cheap; loading is not).
Inputs load_with_overrides(const GlobalOptions& g) {
    Inputs in = load_inputs(g, {});
    if (in.diags.has_errors() || in.topology.stack.empty()) return in;
    in.overrides = load_overrides(g, in.topology.stack);
    if (in.overrides.empty()) return in;
    Diagnostics diags;
    in.desired = resolve(in.topology, in.profile, in.overrides, diags);
    if (diags.has_errors()) in.diags = diags;
    if (!in.diags.has_errors()) forget_lapsed(g, in);
    return in;
}

Inputs load_checked_inputs(const GlobalOptions& g) {
    Inputs in = load_with_overrides(g);
    print_diagnostics(in.diags);
    if (in.diags.has_errors()) {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{} error{} in {}; nothing was changed", in.diags.error_count(),
                                in.diags.error_count() == 1 ? "" : "s", in.topology_file));
    }
    return in;
}

Inputs load_inputs_lenient(const GlobalOptions& g) {
    Inputs in = load_with_overrides(g);
    if (in.diags.has_errors()) print_diagnostics(in.diags);
    return in;
}

std::string stack_name_of(const Inputs& in) {
    if (in.topology.stack.empty()) {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("cannot tell which stack to act on: {} has no readable 'stack'", in.topology_file),
                    "fix the errors above, or pass the right file with -f");
    }
    return in.topology.stack;
}

void override_pull_policy(DesiredState& desired, const std::string& policy) {
    PullPolicy p = policy == "always" ? PullPolicy::always : policy == "never" ? PullPolicy::never : PullPolicy::missing;
    for (auto& s : desired.services) s.pull_policy = p;
}

}  // namespace infractl
