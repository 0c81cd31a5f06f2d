#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "app_support.hpp"
#include "infractl/app/offline.hpp"
#include "infractl/plan/render.hpp"
#include "infractl/resolve/budget.hpp"

namespace infractl {

namespace {

std::string plural(std::size_t n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

// The read-only commands print the session's diagnostics and, on errors,
// nothing else: no stdout, exit 1.
std::optional<Session> open_valid(const GlobalOptions& g) {
    Session s = Session::open(g, Session::Check::lenient);
    if (!s.valid()) return std::nullopt;
    return s;
}

MachineResources machine_for(const BudgetCommandOptions& opts) {
    MachineResources m = local_machine();
    if (!opts.cpus.empty()) {
        auto c = parse_cpus(opts.cpus);
        if (!c) throw Error(ErrorKind::invalid_input, fmt::format("invalid --cpus '{}'", opts.cpus), "e.g. --cpus 8");
        m.cpus = *c;
    }
    if (!opts.memory.empty()) {
        auto b = parse_bytes(opts.memory);
        if (!b)
            throw Error(ErrorKind::invalid_input, fmt::format("invalid --memory '{}'", opts.memory),
                        "use a number with k, M, G or T, e.g. 16G");
        m.memory = *b;
    }
    return m;
}

}  // namespace

std::string validate_summary(const Inputs& in) {
    const DesiredState& d = in.desired;
    std::size_t containers = 0, global_containers = 0;
    for (const auto& s : d.services) {
        containers += s.containers.size();
        if (s.global) global_containers += s.containers.size();
    }
    std::string files = in.topology_file + (in.profile_file.empty() ? " (no profile)" : " + " + in.profile_file);
    if (!in.images_file.empty()) files += " + " + in.images_file;
    std::string out = fmt::format("{}: ok, {}, {}, {} ({} global), {}, {}", files,
                                  plural(in.topology.projects.size(), "project", "projects"),
                                  plural(d.services.size(), "service", "services"),
                                  plural(containers, "container", "containers"), global_containers,
                                  plural(d.networks.size(), "network", "networks"),
                                  plural(d.volumes.size(), "volume", "volumes"));
    if (!d.managed.empty()) out += ", " + std::to_string(d.managed.size()) + " managed";
    if (!d.disabled.empty()) out += ", " + std::to_string(d.disabled.size()) + " disabled";
    std::size_t warnings = in.diags.all().size() - static_cast<std::size_t>(in.diags.error_count());
    if (warnings) out += ", " + plural(warnings, "warning", "warnings");
    return out;
}

ExitCode run_validate(const GlobalOptions& g) {
    auto s = open_valid(g);
    if (!s) return ExitCode::failure;
    std::cout << validate_summary(s->inputs()) << '\n';
    return ExitCode::ok;
}

ExitCode run_render(const GlobalOptions& g) {
    auto s = open_valid(g);
    if (!s) return ExitCode::failure;
    RenderOptions opts{g.color, g.show_secrets};
    const DesiredState& d = s->desired();
    std::cout << (g.output == "json" ? render_state_json(d, opts) : render_state_text(d, opts));
    return ExitCode::ok;
}

ExitCode run_budget(const GlobalOptions& g, const BudgetCommandOptions& opts) {
    MachineResources machine = machine_for(opts);
    auto s = open_valid(g);
    if (!s) return ExitCode::failure;
    Budget b = compute_budget(s->desired(), machine);
    std::cout << (g.output == "json" ? render_budget_json(b) : render_budget_text(b));
    return ExitCode::ok;
}

}  // namespace infractl
