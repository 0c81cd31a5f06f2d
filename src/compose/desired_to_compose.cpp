#include "infractl/compose/desired_to_compose.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

#include "infractl/compose/yaml_out.hpp"
#include "infractl/core/redact.hpp"
#include "infractl/core/units.hpp"
#include "infractl/resolve/read_replicas.hpp"

namespace infractl::compose {

namespace {

// compose interpolates every string; infractl's values are final.
std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '$' ? std::string("$$") : std::string(1, c);
    return out;
}

YamlValue strings(const std::vector<std::string>& words) {
    std::vector<std::string> out;
    for (const auto& w : words) out.push_back(escape(w));
    return YamlValue::list(out, out.size() <= 4);
}

// The services to export: all, or a project's and the globals they need.
std::vector<const DesiredService*> selected(const DesiredState& d, const std::string& project) {
    std::set<ServiceKey> keep;
    std::vector<ServiceKey> todo;
    for (const auto& s : d.services)
        if ((project.empty() || s.key.project == project) && !is_read_replica_service(s)) todo.push_back(s.key);
    while (!todo.empty()) {
        ServiceKey k = todo.back();
        todo.pop_back();
        if (!keep.insert(k).second) continue;
        if (const DesiredService* s = d.find(k))
            for (const auto& dep : s->depends_on) todo.push_back(dep.target);
    }
    std::vector<const DesiredService*> out;
    for (const auto& s : d.services)
        if (keep.count(s.key)) out.push_back(&s);
    return out;
}

std::string key_of(const DesiredService& s) { return s.spec.network_alias.empty() ? s.base_name : s.spec.network_alias; }

struct Names {
    std::map<ServiceKey, std::string> services;
    std::map<std::string, std::string> networks;  // engine name -> compose key
    std::map<std::string, std::string> volumes;
};

std::string port_text(const PortMapping& p) {
    std::string ip = p.host_ip.find(':') != std::string::npos ? "[" + p.host_ip + "]" : p.host_ip;
    std::string out = std::to_string(p.container_port) + "/" + p.protocol;
    if (p.host_port) out = std::to_string(p.host_port) + ":" + out;
    else if (!ip.empty()) out = ":" + out;
    return ip.empty() ? out : ip + ":" + out;
}

YamlValue healthcheck_value(const Healthcheck& h) {
    YamlValue v;
    if (h.disabled || h.test == std::vector<std::string>{"NONE"}) {
        v.add("disable", YamlValue::boolean(true));
        return v;
    }
    v.add("test", strings(h.test));
    v.add("interval", format_duration(h.interval));
    v.add("timeout", format_duration(h.timeout));
    v.add("start_period", format_duration(h.start_period));
    v.add("retries", YamlValue::num(std::to_string(h.retries)));
    return v;
}

std::string restart_text(const ContainerSpec& spec) {
    if (spec.restart == RestartPolicy::on_failure && spec.restart_max_retries > 0)
        return fmt::format("on-failure:{}", spec.restart_max_retries);
    return to_string(spec.restart);
}

void add_deploy(YamlValue& v, const DesiredService& s) {
    const ContainerSpec& spec = s.spec;
    YamlValue deploy;
    if (s.replicas != 1) deploy.add("replicas", YamlValue::num(std::to_string(s.replicas)));
    YamlValue resources;
    auto part = [&](const char* name, const std::optional<NanoCpus>& cpus, const std::optional<Bytes>& memory) {
        if (!cpus && !memory) return;
        YamlValue& p = resources.add(name, YamlValue{});
        if (cpus) p.add("cpus", format_cpus(*cpus));
        if (memory) p.add("memory", format_bytes(*memory));
    };
    part("limits", spec.cpu_limit, spec.memory_limit);
    part("reservations", spec.cpu_reservation, spec.memory_reservation);
    if (!resources.entries.empty()) deploy.add("resources", resources);
    if (!deploy.entries.empty()) v.add("deploy", deploy);
    // infractl creates containers with MemorySwap -1 (no swap limit on top),
    // and gives a CPU reservation to the engine as CpuShares, which
    // docker-compose takes from cpu_shares only (it ignores reservations.cpus).
    if (spec.memory_limit) v.add("memswap_limit", YamlValue::num("-1"));
    if (spec.cpu_reservation && spec.cpu_reservation->value > 0)
        v.add("cpu_shares", YamlValue::num(std::to_string(docker_cpu_shares(*spec.cpu_reservation))));
}

void add_lists(YamlValue& v, const ContainerSpec& spec, const Names& names) {
    if (!spec.environment.empty()) {
        YamlValue& env = v.add("environment", YamlValue{});
        for (const auto& [k, e] : spec.environment) env.add(k, escape(e.value));
    }
    YamlValue labels;
    for (const auto& [k, l] : spec.labels)
        if (k.rfind("io.infractl.", 0) != 0) labels.add(k, escape(l));
    if (!labels.entries.empty()) v.add("labels", labels);
    if (!spec.ports.empty()) {
        std::vector<std::string> ports;
        for (const auto& p : spec.ports) ports.push_back(port_text(p));
        v.add("ports", YamlValue::list(ports));
    }
    if (!spec.mounts.empty()) {
        std::vector<std::string> mounts;
        for (const auto& m : spec.mounts)
            mounts.push_back(escape(m.is_volume ? names.volumes.at(m.source) : m.source) + ":" + escape(m.target) +
                             (m.read_only ? ":ro" : ""));
        v.add("volumes", YamlValue::list(mounts));
    }
    if (!spec.networks.empty()) {
        std::vector<std::string> nets;
        for (const auto& n : spec.networks) nets.push_back(names.networks.at(n));
        v.add("networks", YamlValue::list(nets, true));
    } else {
        v.add("network_mode", "bridge");  // infractl leaves it on the engine's default bridge, not compose's default
    }
}

YamlValue service_value(const DesiredService& s, const Names& names) {
    const ContainerSpec& spec = s.spec;
    YamlValue v;
    v.add("image", escape(export_image(s)));
    if (s.replicas == 1 && !s.containers.empty()) v.add("container_name", s.containers.front().name);
    if (spec.entrypoint) v.add("entrypoint", strings(*spec.entrypoint));
    if (spec.command) v.add("command", strings(*spec.command));
    add_lists(v, spec, names);
    if (!s.depends_on.empty()) {
        YamlValue& deps = v.add("depends_on", YamlValue{});
        for (const auto& d : s.depends_on) {
            auto it = names.services.find(d.target);
            if (it == names.services.end()) continue;
            YamlValue c;
            c.flow = true;
            c.add("condition", to_string(d.condition));
            deps.add(it->second, c);
        }
    }
    if (spec.healthcheck) v.add("healthcheck", healthcheck_value(*spec.healthcheck));
    v.add("restart", restart_text(spec));
    if (!spec.stop_signal.empty()) v.add("stop_signal", spec.stop_signal);
    v.add("stop_grace_period", format_duration(spec.stop_grace_period));
    if (!spec.user.empty()) v.add("user", escape(spec.user));
    if (!spec.working_dir.empty()) v.add("working_dir", escape(spec.working_dir));
    add_deploy(v, s);
    return v;
}

// Networks and volumes the exported services use, keyed by their topology
// key (a volume key two projects share falls back to its engine name).
YamlValue networks_value(const DesiredState& d, const std::set<std::string>& used, Names& names) {
    YamlValue out;
    for (const auto& n : d.networks) {
        if (!used.count(n.name)) continue;
        names.networks[n.name] = n.key;
        YamlValue v;
        v.add("name", n.name);
        if (n.internal) v.add("internal", YamlValue::boolean(true));
        if (n.driver != "bridge") v.add("driver", n.driver);
        out.add(n.key, v);
    }
    return out;
}

YamlValue volumes_value(const DesiredState& d, const std::set<std::string>& used, Names& names) {
    std::map<std::string, int> key_count;
    for (const auto& v : d.volumes)
        if (used.count(v.name)) ++key_count[v.key];
    YamlValue out;
    for (const auto& v : d.volumes) {
        if (!used.count(v.name)) continue;
        std::string key = key_count[v.key] == 1 ? v.key : v.name;
        names.volumes[v.name] = key;
        YamlValue x;
        x.add("name", v.name);
        x.add("external", YamlValue::boolean(false));
        out.add(key, x);
    }
    return out;
}

std::vector<std::string> header_of(const DesiredState& d, const std::string& project) {
    std::vector<std::string> h = {fmt::format("Written by `infractl export compose`: stack {}, profile {}{}.", d.stack,
                                              d.profile, project.empty() ? "" : ", project " + project)};
    h.push_back("Run it with: docker-compose -f FILE -p PROJECT up -d");
    for (const auto& m : d.managed)
        if (project.empty() || m.key.project == project || m.key.project == kGlobalProject)
            h.push_back(fmt::format("managed, not run: {} ({}={})", m.key.str(), m.env, mask_url_passwords(m.endpoint)));
    for (const auto& k : d.disabled)
        if (project.empty() || k.project == project) h.push_back("disabled, not run: " + k.str());
    return h;
}

}  // namespace

ExportResult desired_to_compose(const DesiredState& desired, const std::string& project) {
    ExportResult result;
    std::vector<const DesiredService*> services = selected(desired, project);
    Names names;
    std::set<std::string> networks, volumes;
    for (const auto* s : services) {
        names.services[s->key] = key_of(*s);
        for (const auto& n : s->spec.networks) networks.insert(n);
        for (const auto& m : s->spec.mounts)
            if (m.is_volume) volumes.insert(m.source);
    }
    YamlValue nets = networks_value(desired, networks, names);
    YamlValue vols = volumes_value(desired, volumes, names);
    YamlValue doc;
    YamlValue out_services;
    for (const auto* s : services) {
        out_services.add(names.services.at(s->key), service_value(*s, names));
        for (const auto& [k, e] : s->spec.environment) result.secret_values += e.secret ? 1 : 0;
    }
    doc.add("services", out_services.entries.empty() ? YamlValue::empty_map() : out_services);
    if (!nets.entries.empty()) doc.add("networks", nets);
    if (!vols.entries.empty()) doc.add("volumes", vols);
    result.text = emit_yaml(doc, header_of(desired, project));
    return result;
}

}  // namespace infractl::compose
