#include "infractl/swarm/service_spec.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "infractl/engine/docker_json.hpp"

namespace infractl {

namespace {

using json = nlohmann::json;

bool loopback(const std::string& ip) { return ip.rfind("127.", 0) == 0 || ip == "::1" || ip == "localhost"; }

json env_list(const ContainerSpec& spec) {
    json out = json::array();
    for (const auto& [k, v] : spec.environment) out.push_back(k + "=" + v.value);  // std::map: sorted
    return out;
}

std::map<std::string, std::string> service_labels(const ContainerSpec& spec) {
    std::map<std::string, std::string> out = spec.labels;
    out.erase(label::replica);  // Swarm numbers the tasks (Slot)
    return out;
}

// A named volume is created by Swarm on the node that runs the task; the
// labels go with it, so `down --volumes` and ownership checks find it.
json volume_labels(const ContainerSpec& spec) {
    json out = json::object();
    for (const char* key : {label::stack, label::project, label::managed_by})
        if (auto it = spec.labels.find(key); it != spec.labels.end()) out[key] = it->second;
    return out;
}

json mounts(const ContainerSpec& spec) {
    json out = json::array();
    for (const auto& m : spec.mounts) {
        json j = {{"Type", m.is_volume ? "volume" : "bind"}, {"Source", m.source}, {"Target", m.target}};
        if (m.is_volume) j["VolumeOptions"] = {{"Labels", volume_labels(spec)}};
        if (m.read_only) j["ReadOnly"] = true;
        out.push_back(std::move(j));
    }
    return out;
}


json container_spec(const ContainerSpec& spec) {
    json c = {{"Image", spec.image}, {"Labels", service_labels(spec)}, {"Env", env_list(spec)}};
    // Swarm's Command replaces the image's ENTRYPOINT and Args its CMD.
    if (spec.entrypoint) c["Command"] = *spec.entrypoint;
    if (spec.command) c["Args"] = *spec.command;
    if (!spec.user.empty()) c["User"] = spec.user;
    if (!spec.working_dir.empty()) c["Dir"] = spec.working_dir;
    if (!spec.mounts.empty()) c["Mounts"] = mounts(spec);
    if (!spec.stop_signal.empty()) c["StopSignal"] = spec.stop_signal;
    c["StopGracePeriod"] = spec.stop_grace_period.ns;
    if (spec.healthcheck) c["Healthcheck"] = healthcheck_json(*spec.healthcheck);
    return c;
}

json resources(const ContainerSpec& spec) {
    json limits = json::object(), reservations = json::object();
    if (spec.cpu_limit) limits["NanoCPUs"] = spec.cpu_limit->value;
    if (spec.memory_limit) limits["MemoryBytes"] = spec.memory_limit->value;
    if (spec.cpu_reservation) reservations["NanoCPUs"] = spec.cpu_reservation->value;
    if (spec.memory_reservation) reservations["MemoryBytes"] = spec.memory_reservation->value;
    return {{"Limits", limits}, {"Reservations", reservations}};
}

// A one-shot runs once; anything else restarts as the Docker backend's
// restart policy says (unless-stopped has no Swarm twin: "any").
json restart_policy(const DesiredService& s) {
    if (s.oneshot) return {{"Condition", "none"}};
    switch (s.spec.restart) {
        case RestartPolicy::no: return {{"Condition", "none"}};
        case RestartPolicy::on_failure:
            return {{"Condition", "on-failure"}, {"MaxAttempts", s.spec.restart_max_retries}};
        case RestartPolicy::always:
        case RestartPolicy::unless_stopped: return {{"Condition", "any"}};
    }
    return {{"Condition", "any"}};
}

json networks(const ContainerSpec& spec) {
    json out = json::array();
    for (const auto& n : spec.networks) {
        json j = {{"Target", n}};
        if (!spec.network_alias.empty()) j["Aliases"] = {spec.network_alias};
        out.push_back(std::move(j));
    }
    return out;
}

// Swarm watches a new task this long for failure before it moves on: one
// full healthcheck cycle when there is one, else 5 s.
std::int64_t monitor_ns(const ContainerSpec& spec) {
    if (spec.healthcheck && !spec.healthcheck->disabled) {
        const Healthcheck& h = *spec.healthcheck;
        return h.start_period.ns + h.interval.ns * std::max(1, h.retries) + h.timeout.ns;
    }
    return 5'000'000'000;
}

json update_config(const DesiredService& s, const char* failure_action) {
    return {{"Parallelism", 1},
            {"Delay", 0},
            {"FailureAction", failure_action},
            {"Monitor", monitor_ns(s.spec)},
            {"MaxFailureRatio", 0},
            {"Order", swarm_start_first(s) ? "start-first" : "stop-first"}};
}

json endpoint_spec(const ContainerSpec& spec) {
    json ports = json::array();
    for (const auto& p : swarm_ports(spec)) {
        if (!p.published) continue;
        ports.push_back({{"Protocol", p.port.protocol},
                         {"TargetPort", p.port.container_port},
                         {"PublishedPort", p.port.host_port},
                         {"PublishMode", "ingress"}});
    }
    return {{"Mode", "vip"}, {"Ports", ports}};
}

}  // namespace

bool swarm_start_first(const DesiredService& s) { return s.numbered && !s.stateful && !s.singleton; }

std::vector<SwarmPort> swarm_ports(const ContainerSpec& spec) {
    std::vector<SwarmPort> out;
    for (const auto& p : spec.ports) {
        SwarmPort sp{p, p.host_port != 0, {}};
        if (p.host_port == 0) sp.why_not = "no host port";
        if (sp.published && loopback(p.host_ip)) {
            sp.published = false;
            sp.why_not = fmt::format("bound to {}: the routing mesh would listen on every interface", p.host_ip);
        }
        out.push_back(std::move(sp));
    }
    return out;
}

json swarm_service_spec(const DesiredService& s) {
    json task = {{"ContainerSpec", container_spec(s.spec)},
                 {"Resources", resources(s.spec)},
                 {"RestartPolicy", restart_policy(s)},
                 {"Networks", networks(s.spec)}};
    json spec = {{"Name", s.base_name}, {"Labels", service_labels(s.spec)}, {"TaskTemplate", task}};
    if (s.oneshot) {
        spec["Mode"] = {{"ReplicatedJob", {{"MaxConcurrent", 1}, {"TotalCompletions", std::max(1, s.replicas)}}}};
    } else {
        spec["Mode"] = {{"Replicated", {{"Replicas", s.replicas}}}};
        spec["UpdateConfig"] = update_config(s, "rollback");
        spec["RollbackConfig"] = update_config(s, "pause");
    }
    spec["EndpointSpec"] = endpoint_spec(s.spec);
    return spec;
}

json swarm_network_spec(const DesiredNetwork& n) {
    return {{"Name", n.name},       {"Driver", "overlay"}, {"Attachable", true},
            {"Internal", n.internal}, {"CheckDuplicate", true}, {"Labels", n.labels}};
}

}  // namespace infractl
