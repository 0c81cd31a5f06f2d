// ContainerSpec <-> the engine's container JSON (create body, inspect).
#include "infractl/engine/docker_json.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <tuple>

#include "infractl/engine/json_read.hpp"
#include "infractl/engine/secret_files.hpp"

namespace infractl {

using nlohmann::json;
namespace jr = jsonr;

namespace {

json restart_json(const ContainerSpec& spec) {
    json r = {{"Name", to_string(spec.restart)}};
    if (spec.restart == RestartPolicy::on_failure) r["MaximumRetryCount"] = spec.restart_max_retries;
    return r;
}

RestartPolicy restart_from(const std::string& name) {
    if (name == "always") return RestartPolicy::always;
    if (name == "on-failure") return RestartPolicy::on_failure;
    if (name == "unless-stopped") return RestartPolicy::unless_stopped;
    return RestartPolicy::no;  // "" and "no"
}

std::string port_key(const PortMapping& p) { return std::to_string(p.container_port) + "/" + p.protocol; }


void add_resources(json& host, const ContainerSpec& spec) {
    if (spec.cpu_limit) host["NanoCpus"] = spec.cpu_limit->value;
    if (spec.memory_limit) {
        host["Memory"] = spec.memory_limit->value;
        host["MemorySwap"] = -1;  // else raising Memory above the old swap limit fails (409)
    }
    if (spec.memory_reservation) host["MemoryReservation"] = spec.memory_reservation->value;
    if (spec.cpu_reservation) host["CpuShares"] = docker_cpu_shares(*spec.cpu_reservation);
}

json host_config(const ContainerSpec& spec, const std::string& secrets_root) {
    json host = json::object();
    json bindings = json::object();
    for (const auto& p : spec.ports) {
        std::string hp = p.host_port == 0 ? std::string() : std::to_string(p.host_port);
        bindings[port_key(p)].push_back({{"HostIp", p.host_ip}, {"HostPort", hp}});
    }
    if (!bindings.empty()) host["PortBindings"] = bindings;
    json mounts = json::array();
    for (const auto& m : spec.mounts) {
        mounts.push_back({{"Type", m.is_volume ? "volume" : "bind"},
                          {"Source", m.source},
                          {"Target", m.target},
                          {"ReadOnly", m.read_only}});
    }
    auto stack = spec.labels.find(label::stack);
    for (const auto& m : spec.secrets) {
        mounts.push_back({{"Type", "bind"},
                          {"Source", secret_file_path(secrets_root, stack == spec.labels.end() ? "" : stack->second,
                                                      m.file_id)},
                          {"Target", "/run/secrets/" + m.target},
                          {"ReadOnly", true}});
    }
    if (!mounts.empty()) host["Mounts"] = mounts;
    host["RestartPolicy"] = restart_json(spec);
    add_resources(host, spec);
    if (!spec.networks.empty()) host["NetworkMode"] = spec.networks.front();
    return host;
}

}  // namespace

json healthcheck_json(const Healthcheck& h) {
    if (h.disabled || h.test == std::vector<std::string>{"NONE"}) return {{"Test", {"NONE"}}};
    return {{"Test", h.test},
            {"Interval", h.interval.ns},
            {"Timeout", h.timeout.ns},
            {"StartPeriod", h.start_period.ns},
            {"Retries", h.retries}};
}

json container_create_body(const ContainerSpec& spec, const std::string& secrets_root) {
    json body = {{"Image", spec.image}};
    if (spec.command) body["Cmd"] = *spec.command;
    if (spec.entrypoint) body["Entrypoint"] = *spec.entrypoint;
    json env = json::array();
    for (const auto& [k, v] : spec.environment) env.push_back(k + "=" + v.value);
    body["Env"] = env;
    body["Labels"] = spec.labels;
    json exposed = json::object();
    for (const auto& p : spec.ports) exposed[port_key(p)] = json::object();
    if (!exposed.empty()) body["ExposedPorts"] = exposed;
    if (spec.healthcheck) body["Healthcheck"] = healthcheck_json(*spec.healthcheck);
    if (!spec.stop_signal.empty()) body["StopSignal"] = spec.stop_signal;
    // Whole seconds on the wire; round up so a 500ms grace is not "kill at once".
    body["StopTimeout"] = (spec.stop_grace_period.ns + 999'999'999) / 1'000'000'000;
    if (!spec.user.empty()) body["User"] = spec.user;
    if (!spec.working_dir.empty()) body["WorkingDir"] = spec.working_dir;
    body["HostConfig"] = host_config(spec, secrets_root);
    if (!spec.networks.empty()) {
        json endpoint = json::object();
        if (!spec.network_alias.empty()) endpoint["Aliases"] = {spec.network_alias};
        body["NetworkingConfig"] = {{"EndpointsConfig", {{spec.networks.front(), endpoint}}}};
    }
    return body;
}

json container_update_body(const ContainerSpec& spec) {
    json body = {{"RestartPolicy", restart_json(spec)}};
    add_resources(body, spec);
    return body;
}

namespace {

int to_int(const std::string& s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::vector<PortMapping> ports_from(const json& bindings) {
    std::vector<PortMapping> out;
    for (const auto& [key, list] : bindings.items()) {
        auto slash = key.find('/');
        PortMapping base;
        base.container_port = to_int(key.substr(0, slash));
        if (slash != std::string::npos) base.protocol = key.substr(slash + 1);
        if (!list.is_array()) continue;
        for (const auto& b : list) {
            PortMapping p = base;
            p.host_ip = jr::str(b, "HostIp");
            p.host_port = to_int(jr::str(b, "HostPort"));
            out.push_back(p);
        }
    }
    std::sort(out.begin(), out.end(), [](const PortMapping& a, const PortMapping& b) {
        return std::tie(a.container_port, a.protocol, a.host_ip, a.host_port) <
               std::tie(b.container_port, b.protocol, b.host_ip, b.host_port);
    });
    return out;
}

constexpr const char* kSecretsDir = "/run/secrets/";

bool is_secret_mount(const json& m) {
    return jr::str(m, "Type") == "bind" && jr::str(m, "Target").rfind(kSecretsDir, 0) == 0 &&
           !secret_file_id_of(jr::str(m, "Source")).empty();
}

std::vector<ContainerSpec::Mount> mounts_from(const json& host) {
    std::vector<ContainerSpec::Mount> out;
    const json* mounts = jr::field(host, "Mounts");
    if (mounts == nullptr || !mounts->is_array()) return out;
    for (const auto& m : *mounts) {
        if (is_secret_mount(m)) continue;
        out.push_back({jr::str(m, "Type") != "bind", jr::str(m, "Source"), jr::str(m, "Target"),
                       jr::boolean(m, "ReadOnly")});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.target < b.target; });
    return out;
}

// The copies infractl mounted for spec.secrets: target and file id only (the
// owner and mode are in the file id; the content is not read back).
std::vector<ContainerSpec::SecretMount> secrets_from(const json& host) {
    std::vector<ContainerSpec::SecretMount> out;
    const json* mounts = jr::field(host, "Mounts");
    if (mounts == nullptr || !mounts->is_array()) return out;
    for (const auto& m : *mounts) {
        if (!is_secret_mount(m)) continue;
        ContainerSpec::SecretMount s;
        s.target = jr::str(m, "Target").substr(std::string_view(kSecretsDir).size());
        s.file_id = secret_file_id_of(jr::str(m, "Source"));
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.target < b.target; });
    return out;
}

std::optional<Healthcheck> healthcheck_from(const json& config) {
    const json& h = jr::object(config, "Healthcheck");
    if (!jr::is_array(h, "Test")) return std::nullopt;
    Healthcheck hc;
    hc.test = jr::strings(h, "Test");
    if (hc.test == std::vector<std::string>{"NONE"}) hc.disabled = true;
    // 0 means "engine default", which is what the struct's defaults say.
    if (auto v = jr::i64(h, "Interval")) hc.interval = Duration{v};
    if (auto v = jr::i64(h, "Timeout")) hc.timeout = Duration{v};
    hc.start_period = Duration{jr::i64(h, "StartPeriod")};
    if (auto v = jr::i64(h, "Retries")) hc.retries = static_cast<int>(v);
    return hc;
}

void networks_from(const json& j, ObservedContainer& c) {
    const json& nets = jr::object(jr::object(j, "NetworkSettings"), "Networks");
    std::string short_id = c.id.substr(0, 12);
    std::string mode = jr::str(jr::object(j, "HostConfig"), "NetworkMode");
    for (const auto& [name, ep] : nets.items()) {
        c.connected_networks.push_back(name);
        for (const auto& alias : jr::strings(ep, "Aliases")) {
            bool engine_made = alias == short_id || alias == c.name;
            if (!engine_made && (c.spec.network_alias.empty() || name == mode)) c.spec.network_alias = alias;
        }
    }
    std::sort(c.connected_networks.begin(), c.connected_networks.end());
    c.spec.networks = c.connected_networks;
}

void config_from(const json& config, ContainerSpec& s) {
    s.image = jr::str(config, "Image");
    if (jr::is_array(config, "Cmd")) s.command = jr::strings(config, "Cmd");
    if (jr::is_array(config, "Entrypoint")) s.entrypoint = jr::strings(config, "Entrypoint");
    for (const auto& kv : jr::strings(config, "Env")) {
        auto eq = kv.find('=');
        s.environment[kv.substr(0, eq)] = EnvValue{eq == std::string::npos ? "" : kv.substr(eq + 1)};
    }
    s.labels = jr::string_map(config, "Labels");
    s.healthcheck = healthcheck_from(config);
    s.stop_signal = jr::str(config, "StopSignal");
    if (const json* t = jr::field(config, "StopTimeout"); t != nullptr && t->is_number()) {
        s.stop_grace_period = Duration{jr::i64(config, "StopTimeout") * 1'000'000'000};
    }
    s.user = jr::str(config, "User");
    s.working_dir = jr::str(config, "WorkingDir");
}

void host_from(const json& host, ContainerSpec& s) {
    s.ports = ports_from(jr::object(host, "PortBindings"));
    s.mounts = mounts_from(host);
    s.secrets = secrets_from(host);
    const json& rp = jr::object(host, "RestartPolicy");
    s.restart = restart_from(jr::str(rp, "Name"));
    s.restart_max_retries = static_cast<int>(jr::i64(rp, "MaximumRetryCount"));
    if (auto v = jr::i64(host, "NanoCpus")) s.cpu_limit = NanoCpus{v};
    if (auto v = jr::i64(host, "Memory")) s.memory_limit = Bytes{v};
    if (auto v = jr::i64(host, "MemoryReservation")) s.memory_reservation = Bytes{v};
    if (auto v = jr::i64(host, "CpuShares")) s.cpu_reservation = cpus_from_docker_shares(v);
}

}  // namespace

ObservedContainer container_from_inspect(const json& j) {
    if (!j.is_object() || jr::str(j, "Id").empty()) {
        throw Error(ErrorKind::malformed_response, "container inspect answer has no Id");
    }
    ObservedContainer c;
    c.id = jr::str(j, "Id");
    c.name = jr::str(j, "Name");
    if (c.name.starts_with('/')) c.name.erase(0, 1);
    c.image_id = jr::str(j, "Image");
    const json& config = jr::object(j, "Config");
    config_from(config, c.spec);
    c.image = c.spec.image;
    c.labels = c.spec.labels;
    host_from(jr::object(j, "HostConfig"), c.spec);
    const json& state = jr::object(j, "State");
    c.state = parse_container_state(jr::str(state, "Status"));
    const json& health = jr::object(state, "Health");
    c.health = parse_health(jr::str(health, "Status"));
    // The engine keeps the last few checks, oldest first.
    if (const json* log = jr::field(health, "Log"); log != nullptr && log->is_array() && !log->empty() &&
                                                    log->back().is_object())
        c.last_health_output = jr::str(log->back(), "Output");
    c.exit_code = static_cast<int>(jr::i64(state, "ExitCode"));
    c.started_at = jr::str(state, "StartedAt");
    networks_from(j, c);
    return c;
}

// "Up 3 minutes (healthy)", "Up 2 seconds (health: starting)", "Exited (137) 1 minute ago".
Health health_from_status(const std::string& status) {
    if (status.find("(healthy)") != std::string::npos) return Health::healthy;
    if (status.find("(unhealthy)") != std::string::npos) return Health::unhealthy;
    if (status.find("(health: starting)") != std::string::npos) return Health::starting;
    return Health::none;
}

int exit_code_from_status(const std::string& status) {
    if (!status.starts_with("Exited (")) return 0;
    return to_int(status.substr(8, status.find(')') - 8));
}

ObservedContainer container_from_summary(const json& j) {
    if (!j.is_object() || jr::str(j, "Id").empty()) {
        throw Error(ErrorKind::malformed_response, "container list entry has no Id");
    }
    ObservedContainer c;
    c.id = jr::str(j, "Id");
    auto names = jr::strings(j, "Names");
    if (!names.empty()) c.name = names.front().substr(names.front().starts_with('/') ? 1 : 0);
    c.image = jr::str(j, "Image");
    c.image_id = jr::str(j, "ImageID");
    c.labels = jr::string_map(j, "Labels");
    c.state = parse_container_state(jr::str(j, "State"));
    std::string status = jr::str(j, "Status");
    c.health = health_from_status(status);
    c.exit_code = exit_code_from_status(status);
    c.spec.image = c.image;
    c.spec.labels = c.labels;
    c.spec.stop_grace_period = kEngineStopTimeout;
    // The list joins entrypoint and command with spaces: split back, lossy
    // for quoted arguments. Enough to tell a Celery worker among surplus
    // containers (Action::drain), which are removed, never diffed.
    if (std::string cmd = jr::str(j, "Command"); !cmd.empty()) {
        std::vector<std::string> words;
        std::istringstream in(cmd);
        for (std::string w; in >> w;) words.push_back(w);
        c.spec.command = words;
    }
    if (const json* mounts = jr::field(j, "Mounts"); mounts != nullptr && mounts->is_array()) {
        for (const auto& m : *mounts) {
            bool is_volume = jr::str(m, "Type") == "volume";
            c.spec.mounts.push_back({is_volume, jr::str(m, is_volume ? "Name" : "Source"), jr::str(m, "Destination"),
                                     !jr::boolean(m, "RW")});
        }
    }
    for (const auto& [name, ep] : jr::object(jr::object(j, "NetworkSettings"), "Networks").items())
        c.connected_networks.push_back(name);
    std::sort(c.connected_networks.begin(), c.connected_networks.end());
    c.spec.networks = c.connected_networks;
    return c;
}

ObservedNetwork network_from_json(const json& j) {
    ObservedNetwork n;
    n.id = jr::str(j, "Id");
    n.name = jr::str(j, "Name");
    n.internal = jr::boolean(j, "Internal");
    n.driver = jr::str(j, "Driver");
    n.labels = jr::string_map(j, "Labels");
    // "ep-<endpoint id>" keys are endpoints whose container is detaching
    // (seen while a stop is in progress), not containers.
    for (const auto& [id, _] : jr::object(j, "Containers").items())
        if (!id.starts_with("ep-")) n.container_ids.push_back(id);
    std::sort(n.container_ids.begin(), n.container_ids.end());
    return n;
}

ObservedVolume volume_from_json(const json& j) { return {jr::str(j, "Name"), jr::string_map(j, "Labels")}; }

}  // namespace infractl
