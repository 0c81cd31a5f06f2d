#include "diff_fields.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace infractl::diff_detail {

namespace {

void add_if_differs(std::vector<FieldChange>& out, std::string field, std::string from, std::string to) {
    if (from != to) out.push_back({std::move(field), std::move(from), std::move(to)});
}

std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

void compare_environment(std::vector<FieldChange>& out, const ContainerSpec& want, const ContainerSpec& have) {
    for (const auto& [key, value] : want.environment) {
        auto it = have.environment.find(key);
        std::string from = it == have.environment.end() ? "" : it->second.value;
        if (it != have.environment.end() && from == value.value) continue;
        out.push_back({"environment." + key, from, value.value, value.secret});
    }
}

void compare_labels(std::vector<FieldChange>& out, const ContainerSpec& want, const ObservedContainer& have) {
    for (const auto& [key, value] : want.labels) {
        if (key == label::config_hash) continue;
        auto it = have.labels.find(key);
        add_if_differs(out, "label " + key, it == have.labels.end() ? "" : it->second, value);
    }
}

// By target and file id; the content is never compared or shown.
void compare_secrets(std::vector<FieldChange>& out, const ContainerSpec& want, const ContainerSpec& have) {
    auto find = [](const ContainerSpec& spec, const std::string& target) {
        return std::find_if(spec.secrets.begin(), spec.secrets.end(), [&](const auto& s) { return s.target == target; });
    };
    for (const auto& w : want.secrets) {
        auto h = find(have, w.target);
        if (h != have.secrets.end() && h->file_id == w.file_id) continue;
        out.push_back({"secret /run/secrets/" + w.target, h == have.secrets.end() ? "" : "(sensitive)", "(sensitive)"});
    }
    for (const auto& h : have.secrets)
        if (find(want, h.target) == want.secrets.end())
            out.push_back({"secret /run/secrets/" + h.target, "(sensitive)", ""});
}

std::string opt_cpus(const std::optional<NanoCpus>& c) {
    return c && c->value > 0 ? format_cpus(*c) : "";
}
std::string opt_bytes(const std::optional<Bytes>& b) {
    return b && b->value > 0 ? format_bytes(*b) : "";
}

// A CPU reservation reaches the engine as CpuShares (docker_cpu_shares), so it
// is compared in shares: 0.3 CPUs is 307 shares, which inspect gives back as
// 0.2998 CPUs, and comparing CPUs would never settle.
std::string opt_shares(const std::optional<NanoCpus>& c) {
    return c && c->value > 0 ? std::to_string(docker_cpu_shares(*c)) : "";
}

}  // namespace

std::string join(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::string format_argv(const std::vector<std::string>& argv) {
    std::vector<std::string> quoted;
    for (const auto& a : argv) quoted.push_back(quote(a));
    return "[" + join(quoted, ", ") + "]";
}

std::string format_ports(const std::vector<PortMapping>& ports) {
    std::vector<std::string> items;
    for (const auto& p : ports) {
        std::string s = p.host_ip.empty() ? "" : p.host_ip + ":";
        if (p.host_port) s += std::to_string(p.host_port) + ":";
        s += std::to_string(p.container_port) + "/" + p.protocol;
        items.push_back(s);
    }
    return join(sorted(items), ", ");
}

std::string format_mounts(const std::vector<ContainerSpec::Mount>& mounts) {
    std::vector<std::string> items;
    for (const auto& m : mounts) items.push_back(m.source + ":" + m.target + (m.read_only ? ":ro" : ""));
    return join(sorted(items), ", ");
}

std::string format_healthcheck(const std::optional<Healthcheck>& hc) {
    if (!hc) return "";
    if (hc->disabled) return "disabled";
    return fmt::format("{} every {} timeout {} retries {} start {}", format_argv(hc->test),
                       format_duration(hc->interval), format_duration(hc->timeout), hc->retries,
                       format_duration(hc->start_period));
}

std::string format_restart(RestartPolicy p, int max_retries) {
    std::string s = to_string(p);
    if (p == RestartPolicy::on_failure && max_retries > 0) s += ":" + std::to_string(max_retries);
    return s;
}

std::vector<FieldChange> recreate_changes(const ContainerSpec& want, const ObservedContainer& have_c) {
    const ContainerSpec& have = have_c.spec;
    std::vector<FieldChange> out;
    add_if_differs(out, "image", have_c.image.empty() ? have.image : have_c.image, want.image);
    if (want.command) add_if_differs(out, "command", have.command ? format_argv(*have.command) : "", format_argv(*want.command));
    if (want.entrypoint)
        add_if_differs(out, "entrypoint", have.entrypoint ? format_argv(*have.entrypoint) : "",
                       format_argv(*want.entrypoint));
    compare_environment(out, want, have);
    add_if_differs(out, "ports", format_ports(have.ports), format_ports(want.ports));
    add_if_differs(out, "mounts", format_mounts(have.mounts), format_mounts(want.mounts));
    compare_secrets(out, want, have);
    if (want.healthcheck)
        add_if_differs(out, "healthcheck", format_healthcheck(have.healthcheck), format_healthcheck(want.healthcheck));
    const auto& have_nets = have.networks.empty() ? have_c.connected_networks : have.networks;
    add_if_differs(out, "networks", join(sorted(have_nets), ", "), join(sorted(want.networks), ", "));
    if (!want.user.empty()) add_if_differs(out, "user", have.user, want.user);
    if (!want.working_dir.empty()) add_if_differs(out, "working_dir", have.working_dir, want.working_dir);
    if (!want.stop_signal.empty()) add_if_differs(out, "stop_signal", have.stop_signal, want.stop_signal);
    compare_labels(out, want, have_c);
    return out;
}

std::vector<FieldChange> live_changes(const ContainerSpec& want, const ContainerSpec& have) {
    std::vector<FieldChange> out;
    add_if_differs(out, "cpu shares", opt_shares(have.cpu_reservation), opt_shares(want.cpu_reservation));
    add_if_differs(out, "cpus", opt_cpus(have.cpu_limit), opt_cpus(want.cpu_limit));
    add_if_differs(out, "memory", opt_bytes(have.memory_limit), opt_bytes(want.memory_limit));
    add_if_differs(out, "memory reservation", opt_bytes(have.memory_reservation), opt_bytes(want.memory_reservation));
    add_if_differs(out, "restart", format_restart(have.restart, have.restart_max_retries),
                   format_restart(want.restart, want.restart_max_retries));
    return out;
}

}  // namespace infractl::diff_detail
