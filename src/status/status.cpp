#include "infractl/status/status.hpp"

#include "infractl/core/redact.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace infractl {

const char* to_string(ServiceKind k) {
    switch (k) {
        case ServiceKind::container: return "container";
        case ServiceKind::managed: return "managed";
        case ServiceKind::disabled: return "disabled";
        case ServiceKind::orphan: return "orphan";
    }
    return "?";
}

std::string ContainerStatus::state_text() const {
    if (missing) return "missing";
    if (state == ContainerState::exited) return fmt::format("exited ({})", exit_code);
    if (state == ContainerState::unknown) return "unknown";
    return to_string(state);
}

bool ServiceStatus::ok() const {
    if (kind != ServiceKind::container) return kind != ServiceKind::orphan;
    if (oneshot) return completed >= desired;
    if (running < desired) return false;
    return !has_healthcheck || healthy >= desired;
}

namespace {

std::string format_ports(const std::vector<PortMapping>& ports) {
    std::vector<std::string> parts;
    for (const auto& p : ports) {
        if (p.host_port == 0) {
            parts.push_back(fmt::format("{}/{}", p.container_port, p.protocol));
            continue;
        }
        std::string ip = p.host_ip.empty() ? "0.0.0.0" : p.host_ip;
        parts.push_back(fmt::format("{}:{}->{}/{}", ip, p.host_port, p.container_port, p.protocol));
    }
    std::string out;
    for (const auto& s : parts) out += (out.empty() ? "" : ", ") + s;
    return out;
}

ContainerStatus container_status(const ObservedContainer& c, const std::string& desired_hash) {
    return {c.name, c.replica(), false, c.state, c.exit_code, c.health, c.config_hash() != desired_hash};
}

std::string override_note(const DesiredService& s) {
    if (!s.override_replicas) return {};
    return fmt::format("scaled to {} (topology: {})", *s.override_replicas, s.topology_replicas);
}

using ByService = std::map<ServiceKey, std::vector<const ObservedContainer*>>;

ServiceStatus service_status(const DesiredService& s, const ByService& observed,
                             const std::map<std::string, ObservedState::Replication>& replication) {
    ServiceStatus row;
    row.key = s.key;
    row.kind = ServiceKind::container;
    auto replication_of = [&](const std::string& name) -> std::optional<ObservedState::Replication> {
        auto it = replication.find(name);
        if (it == replication.end()) return std::nullopt;
        return it->second;
    };
    row.desired = s.replicas;
    row.has_healthcheck = s.spec.healthcheck && !s.spec.healthcheck->disabled;
    row.oneshot = s.oneshot;
    row.override_note = override_note(s);
    row.ports = format_ports(s.spec.ports);
    row.image = s.spec.image;
    std::map<std::string, bool> seen;
    if (auto it = observed.find(s.key); it != observed.end()) {
        for (const auto* c : it->second) {
            row.containers.push_back(container_status(*c, s.config_hash));
            row.containers.back().replication = replication_of(c->name);
            seen[c->name] = true;
            if (c->state == ContainerState::running) ++row.running;
            if (c->health == Health::healthy) ++row.healthy;
            if (c->state == ContainerState::exited && c->exit_code == 0) ++row.completed;
        }
    }
    for (const auto& dc : s.containers) {
        if (!seen.count(dc.name)) {
            ContainerStatus missing;
            missing.name = dc.name;
            missing.replica = dc.replica;
            missing.missing = true;
            row.containers.push_back(missing);
        }
    }
    std::sort(row.containers.begin(), row.containers.end(),
              [](const ContainerStatus& a, const ContainerStatus& b) { return a.replica < b.replica; });
    return row;
}

}  // namespace

ServiceStatus managed_status(const ManagedService& m) {
    ServiceStatus row;
    row.key = m.key;
    row.kind = ServiceKind::managed;
    row.endpoint = m.endpoint;
    return row;
}

std::vector<ServiceStatus> build_status(const DesiredState& desired, const ObservedState& observed) {
    ByService by_service;
    for (const auto& c : observed.containers) by_service[{c.project(), c.service()}].push_back(&c);

    std::vector<ServiceStatus> rows;
    for (const auto& s : desired.services) {
        rows.push_back(service_status(s, by_service, observed.replication));
        by_service.erase(s.key);
    }
    for (const auto& m : desired.managed) rows.push_back(managed_status(m));
    for (const auto& [key, containers] : by_service) {
        ServiceStatus row;
        row.key = key;
        bool disabled = std::find(desired.disabled.begin(), desired.disabled.end(), key) != desired.disabled.end();
        row.kind = disabled ? ServiceKind::disabled : ServiceKind::orphan;
        for (const auto* c : containers) {
            row.containers.push_back(container_status(*c, ""));
            if (c->state == ContainerState::running) ++row.running;
        }
        rows.push_back(row);
    }
    return rows;
}

namespace {

std::string summary_state(const ServiceStatus& r) {
    if (r.kind == ServiceKind::managed) return "managed";
    if (r.kind == ServiceKind::disabled) return "disabled (still has containers)";
    if (r.kind == ServiceKind::orphan) return "not declared";
    if (r.desired == 0 && r.running == 0) return "scaled to 0";
    if (r.running == 0) {
        bool all_missing = std::all_of(r.containers.begin(), r.containers.end(),
                                       [](const ContainerStatus& c) { return c.missing; });
        if (all_missing) return "missing";
        return r.containers.empty() ? "missing" : r.containers.front().state_text();
    }
    return r.running >= r.desired ? "running" : "degraded";
}

}  // namespace

std::string replication_text(const ObservedState::Replication& r) {
    if (r.state.empty()) return "not connected to its primary (slot idle)";
    std::string bytes = r.lag_bytes < 0 ? "unknown" : fmt::format("{} B", r.lag_bytes);
    return fmt::format("{}, replay lag {}, {:.3f} s", r.state, bytes, r.lag_seconds);
}

namespace {

std::string health_summary(const ServiceStatus& r) {
    if (!r.has_healthcheck || r.kind != ServiceKind::container) return "-";
    if (r.healthy >= r.desired && r.desired > 0) return "healthy";
    for (const auto& c : r.containers)
        if (c.health == Health::unhealthy) return fmt::format("unhealthy {}/{}", r.healthy, r.desired);
    return fmt::format("starting {}/{}", r.healthy, r.desired);
}

}  // namespace

std::string render_status_text(const std::vector<ServiceStatus>& rows, bool color, bool show_secrets) {
    struct Line {
        std::string service, replicas, state, health, ports, image;
        bool ok;
    };
    std::vector<Line> lines;
    lines.push_back({"SERVICE", "REPLICAS", "STATE", "HEALTH", "PORTS", "IMAGE", true});
    for (const auto& r : rows) {
        std::string replicas = r.kind == ServiceKind::container ? fmt::format("{}/{}", r.running, r.desired) : "-";
        if (!r.override_note.empty()) replicas += "*";
        std::string ports = r.kind != ServiceKind::managed ? r.ports : show_secrets ? r.endpoint : mask_url_passwords(r.endpoint);
        lines.push_back({r.key.str(), replicas, summary_state(r), health_summary(r), ports.empty() ? "-" : ports,
                         r.image.empty() ? "-" : r.image, r.ok()});
    }
    std::size_t w[5] = {0, 0, 0, 0, 0};
    for (const auto& l : lines) {
        w[0] = std::max(w[0], l.service.size());
        w[1] = std::max(w[1], l.replicas.size());
        w[2] = std::max(w[2], l.state.size());
        w[3] = std::max(w[3], l.health.size());
        w[4] = std::max(w[4], l.ports.size());
    }
    std::string out;
    bool first = true;
    for (const auto& l : lines) {
        std::string state = fmt::format("{:<{}}", l.state, w[2]);
        if (color && !first) state = fmt::format("\x1b[{}m{}\x1b[0m", l.ok ? "32" : "31", state);
        out += fmt::format("{:<{}}  {:<{}}  {}  {:<{}}  {:<{}}  {}\n", l.service, w[0], l.replicas, w[1], state,
                           l.health, w[3], l.ports, w[4], l.image);
        first = false;
    }
    std::vector<std::string> notes;
    for (const auto& r : rows)
        if (!r.override_note.empty()) notes.push_back(fmt::format("* {}: {}", r.key.str(), r.override_note));
    for (const auto& r : rows) {
        if (!r.nodes.empty()) {
            std::string nodes;
            for (const auto& n : r.nodes) nodes += (nodes.empty() ? "" : ", ") + n;
            notes.push_back(fmt::format("{}: on node{} {}", r.key.str(), r.nodes.size() == 1 ? "" : "s", nodes));
        }
        if (!r.last_error.empty()) notes.push_back(fmt::format("{}: last task error: {}", r.key.str(), r.last_error));
    }
    for (const auto& r : rows)
        for (const auto& c : r.containers)
            if (c.replication) notes.push_back(fmt::format("{}: {}", c.name, replication_text(*c.replication)));
    for (const auto& n : notes) out += n + "\n";
    return out;
}

std::string render_status_json(const std::vector<ServiceStatus>& rows, const std::string& stack,
                               const std::string& profile, bool show_secrets) {
    nlohmann::ordered_json doc;
    doc["format_version"] = 1;
    doc["stack"] = stack;
    doc["profile"] = profile;
    doc["services"] = nlohmann::ordered_json::array();
    for (const auto& r : rows) {
        nlohmann::ordered_json s;
        s["service"] = r.key.str();
        s["project"] = r.key.project;
        s["kind"] = to_string(r.kind);
        s["desired"] = r.desired;
        s["running"] = r.running;
        s["healthy"] = r.healthy;
        s["has_healthcheck"] = r.has_healthcheck;
        if (r.oneshot) {
            s["oneshot"] = true;
            s["completed"] = r.completed;
        }
        s["ok"] = r.ok();
        if (!r.override_note.empty()) s["override"] = r.override_note;
        if (!r.endpoint.empty()) s["endpoint"] = show_secrets ? r.endpoint : mask_url_passwords(r.endpoint);
        s["ports"] = r.ports;
        s["image"] = r.image;
        if (!r.nodes.empty()) s["nodes"] = r.nodes;
        if (!r.last_error.empty()) s["last_error"] = r.last_error;
        s["containers"] = nlohmann::ordered_json::array();
        for (const auto& c : r.containers) {
            nlohmann::ordered_json cj = {{"name", c.name}, {"replica", c.replica}, {"state", c.state_text()},
                                         {"health", to_string(c.health)}, {"drifted", c.drifted}};
            if (c.replication)
                cj["replication"] = {{"state", c.replication->state},
                                     {"replay_lag_bytes", c.replication->lag_bytes},
                                     {"replay_lag_seconds", c.replication->lag_seconds}};
            s["containers"].push_back(cj);
        }
        doc["services"].push_back(s);
    }
    // Values can come from the environment as any bytes: invalid UTF-8 is
    // printed as U+FFFD instead of failing the whole command.
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace infractl
