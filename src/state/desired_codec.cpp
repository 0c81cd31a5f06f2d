#include "infractl/state/desired_codec.hpp"

#include <fmt/format.h>

#include "infractl/core/error.hpp"
#include "infractl/resolve/resolve.hpp"

namespace infractl {

namespace {

using J = nlohmann::ordered_json;
using In = nlohmann::json;

template <class Enum>
Enum parse_enum(const std::string& word, std::initializer_list<Enum> values) {
    for (Enum v : values)
        if (word == to_string(v)) return v;
    throw Error(ErrorKind::invalid_input, fmt::format("unknown value '{}'", word));
}

RestartPolicy parse_restart(const std::string& w) {
    return parse_enum(w, {RestartPolicy::no, RestartPolicy::always, RestartPolicy::on_failure,
                          RestartPolicy::unless_stopped});
}
DependCondition parse_condition(const std::string& w) {
    return parse_enum(w, {DependCondition::service_started, DependCondition::service_healthy,
                          DependCondition::service_completed_successfully});
}
PullPolicy parse_pull(const std::string& w) {
    return parse_enum(w, {PullPolicy::missing, PullPolicy::always, PullPolicy::never});
}

template <class T, class F>
J optional_json(const std::optional<T>& v, F value) {
    return v ? J(value(*v)) : J(nullptr);
}

J healthcheck_json(const Healthcheck& h) {
    return {{"test", h.test},          {"interval_ns", h.interval.ns},         {"timeout_ns", h.timeout.ns},
            {"start_period_ns", h.start_period.ns}, {"retries", h.retries}, {"disabled", h.disabled}};
}

Healthcheck healthcheck_from(const In& j) {
    Healthcheck h;
    h.test = j.at("test").get<std::vector<std::string>>();
    h.interval.ns = j.at("interval_ns").get<std::int64_t>();
    h.timeout.ns = j.at("timeout_ns").get<std::int64_t>();
    h.start_period.ns = j.at("start_period_ns").get<std::int64_t>();
    h.retries = j.at("retries").get<int>();
    h.disabled = j.at("disabled").get<bool>();
    return h;
}

J spec_json(const ContainerSpec& s) {
    J env = J::object();
    for (const auto& [k, v] : s.environment) env[k] = {{"value", v.value}, {"secret", v.secret}};
    J ports = J::array();
    for (const auto& p : s.ports)
        ports.push_back({{"host_ip", p.host_ip}, {"host_port", p.host_port}, {"container_port", p.container_port},
                         {"protocol", p.protocol}});
    J mounts = J::array();
    for (const auto& m : s.mounts)
        mounts.push_back({{"volume", m.is_volume}, {"source", m.source}, {"target", m.target}, {"read_only", m.read_only}});
    // Secret files with their content, like secret environment values: the
    // history file is 0600 and rollback must run them again.
    J secrets = J::array();
    for (const auto& m : s.secrets)
        secrets.push_back({{"source", m.source}, {"target", m.target}, {"uid", m.uid}, {"gid", m.gid},
                           {"mode", m.mode}, {"file_id", m.file_id}, {"content", m.content}});
    auto args = [](const std::vector<std::string>& v) { return v; };
    return {{"image", s.image},
            {"command", optional_json(s.command, args)},
            {"entrypoint", optional_json(s.entrypoint, args)},
            {"environment", env},
            {"labels", s.labels},
            {"ports", ports},
            {"mounts", mounts},
            {"secrets", secrets},
            {"networks", s.networks},
            {"network_alias", s.network_alias},
            {"healthcheck", optional_json(s.healthcheck, healthcheck_json)},
            {"stop_signal", s.stop_signal},
            {"stop_grace_period_ns", s.stop_grace_period.ns},
            {"user", s.user},
            {"working_dir", s.working_dir},
            {"restart", to_string(s.restart)},
            {"restart_max_retries", s.restart_max_retries},
            {"cpu_limit_nanocpus", optional_json(s.cpu_limit, [](NanoCpus c) { return c.value; })},
            {"memory_limit_bytes", optional_json(s.memory_limit, [](Bytes b) { return b.value; })},
            {"cpu_reservation_nanocpus", optional_json(s.cpu_reservation, [](NanoCpus c) { return c.value; })},
            {"memory_reservation_bytes", optional_json(s.memory_reservation, [](Bytes b) { return b.value; })}};
}

template <class T>
std::optional<T> optional_from(const In& j) {
    if (j.is_null()) return std::nullopt;
    return j.get<T>();
}

ContainerSpec spec_from(const In& j) {
    ContainerSpec s;
    s.image = j.at("image").get<std::string>();
    s.command = optional_from<std::vector<std::string>>(j.at("command"));
    s.entrypoint = optional_from<std::vector<std::string>>(j.at("entrypoint"));
    for (const auto& [k, v] : j.at("environment").items())
        s.environment[k] = EnvValue{v.at("value").get<std::string>(), v.at("secret").get<bool>(), {}};
    s.labels = j.at("labels").get<std::map<std::string, std::string>>();
    for (const auto& p : j.at("ports"))
        s.ports.push_back(PortMapping{p.at("host_ip").get<std::string>(), p.at("host_port").get<int>(),
                                      p.at("container_port").get<int>(), p.at("protocol").get<std::string>(), {}});
    for (const auto& m : j.at("mounts"))
        s.mounts.push_back({m.at("volume").get<bool>(), m.at("source").get<std::string>(),
                            m.at("target").get<std::string>(), m.at("read_only").get<bool>()});
    if (j.contains("secrets"))  // entries from before secrets as files have none
        for (const auto& m : j.at("secrets"))
            s.secrets.push_back({m.at("source").get<std::string>(), m.at("target").get<std::string>(),
                                 m.at("uid").get<int>(), m.at("gid").get<int>(), m.at("mode").get<int>(),
                                 m.at("file_id").get<std::string>(), m.at("content").get<std::string>()});
    s.networks = j.at("networks").get<std::vector<std::string>>();
    s.network_alias = j.at("network_alias").get<std::string>();
    if (!j.at("healthcheck").is_null()) s.healthcheck = healthcheck_from(j.at("healthcheck"));
    s.stop_signal = j.at("stop_signal").get<std::string>();
    s.stop_grace_period.ns = j.at("stop_grace_period_ns").get<std::int64_t>();
    s.user = j.at("user").get<std::string>();
    s.working_dir = j.at("working_dir").get<std::string>();
    s.restart = parse_restart(j.at("restart").get<std::string>());
    s.restart_max_retries = j.at("restart_max_retries").get<int>();
    if (auto v = optional_from<std::int64_t>(j.at("cpu_limit_nanocpus"))) s.cpu_limit = NanoCpus{*v};
    if (auto v = optional_from<std::int64_t>(j.at("memory_limit_bytes"))) s.memory_limit = Bytes{*v};
    if (auto v = optional_from<std::int64_t>(j.at("cpu_reservation_nanocpus"))) s.cpu_reservation = NanoCpus{*v};
    if (auto v = optional_from<std::int64_t>(j.at("memory_reservation_bytes"))) s.memory_reservation = Bytes{*v};
    return s;
}

J service_json(const DesiredService& s) {
    J deps = J::array();
    for (const auto& d : s.depends_on)
        deps.push_back({{"project", d.target.project}, {"service", d.target.service}, {"condition", to_string(d.condition)}});
    return {{"project", s.key.project},
            {"service", s.key.service},
            {"global", s.global},
            {"replicas", s.replicas},
            {"topology_replicas", s.topology_replicas},
            {"override_replicas", optional_json(s.override_replicas, [](int n) { return n; })},
            {"singleton", s.singleton},
            {"singleton_reason", s.singleton_reason},
            {"max_replicas", optional_json(s.max_replicas, [](int n) { return n; })},
            {"read_replicas", s.read_replicas},
            {"numbered", s.numbered},
            {"base_name", s.base_name},
            {"oneshot", s.oneshot},
            {"stateful", s.stateful},
            {"config_hash", s.config_hash},
            {"pull_policy", to_string(s.pull_policy)},
            {"published_image", s.published_image},
            {"published_pull_policy", to_string(s.published_pull_policy)},
            {"depends_on", deps},
            {"spec", spec_json(s.spec)}};
}

DesiredService service_from(const In& j) {
    DesiredService s;
    s.key = {j.at("project").get<std::string>(), j.at("service").get<std::string>()};
    s.global = j.at("global").get<bool>();
    s.topology_replicas = j.at("topology_replicas").get<int>();
    s.singleton = j.at("singleton").get<bool>();
    s.singleton_reason = j.at("singleton_reason").get<std::string>();
    s.max_replicas = optional_from<int>(j.at("max_replicas"));
    s.read_replicas = j.at("read_replicas").get<int>();
    s.numbered = j.at("numbered").get<bool>();
    s.base_name = j.at("base_name").get<std::string>();
    s.oneshot = j.at("oneshot").get<bool>();
    s.stateful = j.at("stateful").get<bool>();
    s.config_hash = j.at("config_hash").get<std::string>();
    s.pull_policy = parse_pull(j.at("pull_policy").get<std::string>());
    // Absent in entries written before built images had a published name.
    s.published_image = j.value("published_image", std::string());
    s.published_pull_policy = parse_pull(j.value("published_pull_policy", std::string("missing")));
    for (const auto& d : j.at("depends_on"))
        s.depends_on.push_back({{d.at("project").get<std::string>(), d.at("service").get<std::string>()},
                                parse_condition(d.at("condition").get<std::string>())});
    s.spec = spec_from(j.at("spec"));
    // Rebuild the containers as resolve does, then the count as it ran.
    set_replicas(s, optional_from<int>(j.at("override_replicas")));
    if (s.replicas != j.at("replicas").get<int>()) set_replicas(s, j.at("replicas").get<int>());
    return s;
}

}  // namespace

J encode_desired(const DesiredState& state) {
    J networks = J::array();
    for (const auto& n : state.networks)
        networks.push_back({{"key", n.key}, {"name", n.name}, {"internal", n.internal}, {"driver", n.driver},
                            {"labels", n.labels}});
    J volumes = J::array();
    for (const auto& v : state.volumes)
        volumes.push_back({{"key", v.key}, {"name", v.name}, {"project", v.project}, {"labels", v.labels}});
    J services = J::array();
    for (const auto& s : state.services) services.push_back(service_json(s));
    J managed = J::array();
    for (const auto& m : state.managed)
        managed.push_back({{"project", m.key.project}, {"service", m.key.service}, {"endpoint", m.endpoint}, {"env", m.env}});
    J disabled = J::array();
    for (const auto& k : state.disabled) disabled.push_back({{"project", k.project}, {"service", k.service}});
    return {{"stack", state.stack},       {"profile", state.profile}, {"networks", networks}, {"volumes", volumes},
            {"services", services},       {"managed", managed},       {"disabled", disabled}};
}

DesiredState decode_desired(const In& j, const std::string& what) {
    try {
        DesiredState d;
        d.stack = j.at("stack").get<std::string>();
        d.profile = j.at("profile").get<std::string>();
        for (const auto& n : j.at("networks"))
            d.networks.push_back({n.at("key").get<std::string>(), n.at("name").get<std::string>(),
                                  n.at("internal").get<bool>(), n.at("driver").get<std::string>(),
                                  n.at("labels").get<std::map<std::string, std::string>>()});
        for (const auto& v : j.at("volumes"))
            d.volumes.push_back({v.at("key").get<std::string>(), v.at("name").get<std::string>(),
                                 v.at("project").get<std::string>(),
                                 v.at("labels").get<std::map<std::string, std::string>>()});
        for (const auto& s : j.at("services")) d.services.push_back(service_from(s));
        for (const auto& m : j.at("managed"))
            d.managed.push_back({{m.at("project").get<std::string>(), m.at("service").get<std::string>()},
                                 m.at("endpoint").get<std::string>(), m.at("env").get<std::string>()});
        for (const auto& k : j.at("disabled"))
            d.disabled.push_back({k.at("project").get<std::string>(), k.at("service").get<std::string>()});
        return d;
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorKind::invalid_input, fmt::format("{}: a recorded desired state is damaged: {}", what, e.what()));
    } catch (const Error& e) {
        throw Error(ErrorKind::invalid_input, fmt::format("{}: a recorded desired state is damaged: {}", what, e.what()));
    }
}

}  // namespace infractl
