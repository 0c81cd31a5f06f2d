// DesiredState -> text for `infractl render`: what would run, in start order,
// with every value after the profile, interpolation and image map. Secrets
// print as "(sensitive)" unless --show-secrets.
#include <fmt/format.h>

#include "infractl/plan/render.hpp"
#include "infractl/plan/render_state_util.hpp"

namespace infractl {

namespace {

std::string replicas_line(const DesiredService& s) {
    std::string out = std::to_string(s.replicas);
    if (s.override_replicas)
        out += fmt::format(" (remembered scale; topology and profile say {})", s.topology_replicas);
    if (s.max_replicas) out += fmt::format(", max {}", *s.max_replicas);
    return out;
}

std::string kind_of(const DesiredService& s) {
    if (s.global) return "global";
    if (s.singleton) return "singleton";
    return "replicated";
}

std::string port_text(const PortMapping& p) {
    std::string out = p.host_ip.empty() ? "" : p.host_ip + ":";
    if (p.host_port) out += std::to_string(p.host_port) + ":";
    return out + std::to_string(p.container_port) + "/" + p.protocol;
}

std::string mount_text(const ContainerSpec::Mount& m) {
    return m.source + ":" + m.target + (m.read_only ? ":ro" : "") + (m.is_volume ? "" : " (bind)");
}

// Name, place, owner and mode: never the content, nor its hash.
std::string secret_text(const ContainerSpec::SecretMount& m) {
    return fmt::format("{} -> /run/secrets/{} (mode {:04o}, owner {}:{})", m.source, m.target, m.mode, m.uid, m.gid);
}

std::string healthcheck_text(const Healthcheck& h, const RenderOptions& opts) {
    if (h.disabled) return "disabled";
    return fmt::format("{}; every {}, timeout {}, start period {}, retries {}", shell_join(shown_args(h.test, opts)),
                       format_duration(h.interval), format_duration(h.timeout), format_duration(h.start_period),
                       h.retries);
}

template <class T, class F>
std::string amount(const std::optional<T>& v, F f, const char* absent) {
    return v ? f(*v) : absent;
}

std::string resources_text(const ContainerSpec& s) {
    return fmt::format("cpus {} (reserved {}), memory {} (reserved {})",
                       amount(s.cpu_limit, format_cpus, "unbounded"), amount(s.cpu_reservation, format_cpus, "none"),
                       amount(s.memory_limit, format_bytes, "unbounded"),
                       amount(s.memory_reservation, format_bytes, "none"));
}

void line(std::string& out, const char* key, const std::string& value) {
    if (!value.empty()) out += fmt::format("    {}: {}\n", key, value);
}

template <class T, class F>
std::string joined(const std::vector<T>& items, F f) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + f(i);
    return out;
}

std::string dependencies(const DesiredService& s) {
    return joined(s.depends_on, [](const ServiceDependency& d) {
        return fmt::format("{} ({})", d.target.str(), dependency_condition_word(d.condition));
    });
}

void render_spec(std::string& out, const ContainerSpec& spec, const RenderOptions& opts) {
    line(out, "image", spec.image);
    if (spec.entrypoint) line(out, "entrypoint", shell_join(shown_args(*spec.entrypoint, opts)));
    if (spec.command) line(out, "command", shell_join(shown_args(*spec.command, opts)));
    if (!spec.environment.empty()) out += "    environment:\n";
    for (const auto& [k, v] : spec.environment)
        out += fmt::format("      {}={}\n", k, shown_env(v, opts));
    for (const auto& [k, v] : user_labels(spec.labels)) out += fmt::format("    label: {}={}\n", k, v);
    line(out, "ports", joined(spec.ports, port_text));
    line(out, "mounts", joined(spec.mounts, mount_text));
    line(out, "secrets", joined(spec.secrets, secret_text));
    line(out, "networks", joined(spec.networks, [](const std::string& n) { return n; }) + " (alias " +
                              spec.network_alias + ")");
    if (spec.healthcheck) line(out, "healthcheck", healthcheck_text(*spec.healthcheck, opts));
    line(out, "user", spec.user);
    line(out, "working_dir", spec.working_dir);
    line(out, "restart", restart_text(spec.restart, spec.restart_max_retries));
    line(out, "stop", fmt::format("{}, grace {}", spec.stop_signal.empty() ? "image default signal" : spec.stop_signal,
                                  format_duration(spec.stop_grace_period)));
    line(out, "resources", resources_text(spec));
}

void render_service(std::string& out, const DesiredService& s, const RenderOptions& opts) {
    out += fmt::format("  {} ({})\n", s.key.str(), kind_of(s));
    line(out, "replicas", replicas_line(s));
    if (s.singleton && !s.singleton_reason.empty()) line(out, "singleton", s.singleton_reason);
    if (s.read_replicas) line(out, "read replicas", fmt::format("{} (service {}-replica)", s.read_replicas, s.key.service));
    line(out, "containers", s.containers.empty() ? "none" : joined(s.containers, [](const DesiredContainer& c) {
        return c.name;
    }));
    line(out, "depends on", dependencies(s));
    if (s.oneshot) line(out, "oneshot", "runs to completion; restart is \"no\"");
    render_spec(out, s.spec, opts);
    if (!s.published_image.empty()) line(out, "published as", s.published_image);
    line(out, "pull", to_string(s.pull_policy));
    line(out, "config hash", s.config_hash);
    out += "\n";
}

}  // namespace

std::string render_state_text(const DesiredState& state, const RenderOptions& opts) {
    std::string out = fmt::format("infractl render: stack '{}', profile '{}'\n\n", state.stack, state.profile);
    out += "networks:\n";
    if (state.networks.empty()) out += "  (none)\n";
    for (const auto& n : state.networks)
        out += fmt::format("  {} ({}{})\n", n.name, n.driver, n.internal ? ", internal" : "");
    out += "\nvolumes:\n";
    if (state.volumes.empty()) out += "  (none)\n";
    for (const auto& v : state.volumes)
        out += fmt::format("  {} ({})\n", v.name, v.project == kGlobalProject ? "global" : "project " + v.project);
    out += "\nservices, in start order:\n\n";
    for (const auto& s : state.services) render_service(out, s, opts);
    if (!state.managed.empty()) out += "managed (no container; dependents get the endpoint as env):\n";
    for (const auto& m : state.managed)
        out += fmt::format("  {}: {}={}\n", m.key.str(), m.env, shown_text(m.endpoint, opts));
    if (!state.disabled.empty()) out += (state.managed.empty() ? "" : "\n") + std::string("disabled by the profile:\n");
    for (const auto& k : state.disabled) out += fmt::format("  {}\n", k.str());
    return out;
}

}  // namespace infractl
