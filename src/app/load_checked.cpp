#include <iostream>

#include <fmt/format.h>

#include "app_support.hpp"
#include "infractl/core/error.hpp"

namespace infractl {

namespace {

void print_diagnostics(const Diagnostics& diags) {
    for (const auto& d : diags.sorted()) std::cerr << d.str() << '\n';
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
