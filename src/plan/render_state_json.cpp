// DesiredState -> JSON for `infractl render -o json` (schema in
// docs/topology.md, "render -o json"). Keys in a fixed order so the output is
// byte-stable; CPUs as numbers of CPUs, memory in bytes, durations as "30s",
// null where a value is absent or unbounded.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "infractl/plan/render.hpp"
#include "infractl/plan/render_state_util.hpp"

namespace infractl {

namespace {

using J = nlohmann::ordered_json;

J optional_args(const std::optional<std::vector<std::string>>& v, const RenderOptions& opts) {
    return v ? J(shown_args(*v, opts)) : J(nullptr);
}

J cpus(const std::optional<NanoCpus>& v) { return v ? J(static_cast<double>(v->value) / 1e9) : J(nullptr); }
J bytes(const std::optional<Bytes>& v) { return v ? J(v->value) : J(nullptr); }

J healthcheck_json(const std::optional<Healthcheck>& h, const RenderOptions& opts) {
    if (!h) return nullptr;
    return {{"test", shown_args(h->test, opts)},
            {"interval", format_duration(h->interval)},
            {"timeout", format_duration(h->timeout)},
            {"start_period", format_duration(h->start_period)},
            {"retries", h->retries},
            {"disabled", h->disabled}};
}

J spec_json(const ContainerSpec& s, const RenderOptions& opts) {
    J env = J::object();
    for (const auto& [k, v] : s.environment) env[k] = shown_env(v, opts);
    J ports = J::array();
    for (const auto& p : s.ports)
        ports.push_back({{"host_ip", p.host_ip},
                         {"host_port", p.host_port},
                         {"container_port", p.container_port},
                         {"protocol", p.protocol}});
    J mounts = J::array();
    for (const auto& m : s.mounts)
        mounts.push_back({{"type", m.is_volume ? "volume" : "bind"},
                          {"source", m.source},
                          {"target", m.target},
                          {"read_only", m.read_only}});
    J out = {{"image", s.image},
            {"command", optional_args(s.command, opts)},
            {"entrypoint", optional_args(s.entrypoint, opts)},
            {"environment", env},
            {"labels", s.labels},
            {"ports", ports},
            {"mounts", mounts},
            {"networks", s.networks},
            {"network_alias", s.network_alias},
            {"healthcheck", healthcheck_json(s.healthcheck, opts)},
            {"user", s.user},
            {"working_dir", s.working_dir},
            {"stop_signal", s.stop_signal},
            {"stop_grace_period", format_duration(s.stop_grace_period)},
            {"restart", restart_text(s.restart, s.restart_max_retries)},
            {"resources",
             {{"cpu_limit", cpus(s.cpu_limit)},
              {"memory_limit", bytes(s.memory_limit)},
              {"cpu_reservation", cpus(s.cpu_reservation)},
              {"memory_reservation", bytes(s.memory_reservation)}}}};
    // Only when there are some, so renders without secrets keep their form.
    // The content is never written, with or without --show-secrets.
    if (!s.secrets.empty()) {
        J secrets = J::array();
        for (const auto& m : s.secrets)
            secrets.push_back({{"source", m.source},
                               {"target", "/run/secrets/" + m.target},
                               {"uid", m.uid},
                               {"gid", m.gid},
                               {"mode", fmt::format("{:04o}", m.mode)},
                               {"content", "(sensitive)"}});
        out["secrets"] = secrets;
    }
    return out;
}

J service_json(const DesiredService& s, const RenderOptions& opts) {
    J deps = J::array();
    for (const auto& d : s.depends_on) deps.push_back({{"service", d.target.str()}, {"condition", to_string(d.condition)}});
    J containers = J::array();
    for (const auto& c : s.containers) containers.push_back({{"name", c.name}, {"replica", c.replica}});
    return {{"service", s.key.str()},
            {"project", s.key.project},
            {"name", s.key.service},
            {"global", s.global},
            {"replicas", s.replicas},
            {"topology_replicas", s.topology_replicas},
            {"override_replicas", s.override_replicas ? J(*s.override_replicas) : J(nullptr)},
            {"singleton", s.singleton},
            {"singleton_reason", s.singleton_reason},
            {"max_replicas", s.max_replicas ? J(*s.max_replicas) : J(nullptr)},
            {"read_replicas", s.read_replicas},
            {"numbered", s.numbered},
            {"oneshot", s.oneshot},
            {"stateful", s.stateful},
            {"pull_policy", to_string(s.pull_policy)},
            {"published_image", s.published_image.empty() ? J(nullptr) : J(s.published_image)},
            {"config_hash", s.config_hash},
            {"depends_on", deps},
            {"containers", containers},
            {"spec", spec_json(s.spec, opts)}};
}

}  // namespace

std::string render_state_json(const DesiredState& state, const RenderOptions& opts) {
    J j;
    j["stack"] = state.stack;
    j["profile"] = state.profile;
    j["networks"] = J::array();
    for (const auto& n : state.networks)
        j["networks"].push_back({{"name", n.name},
                                 {"key", n.key},
                                 {"driver", n.driver},
                                 {"internal", n.internal},
                                 {"labels", n.labels}});
    j["volumes"] = J::array();
    for (const auto& v : state.volumes)
        j["volumes"].push_back({{"name", v.name}, {"key", v.key}, {"project", v.project}, {"labels", v.labels}});
    j["services"] = J::array();
    for (const auto& s : state.services) j["services"].push_back(service_json(s, opts));
    j["managed"] = J::array();
    for (const auto& m : state.managed)
        j["managed"].push_back({{"service", m.key.str()}, {"endpoint", shown_text(m.endpoint, opts)}, {"env", m.env}});
    j["disabled"] = J::array();
    for (const auto& k : state.disabled) j["disabled"].push_back(k.str());
    // Values can come from the environment as any bytes: invalid UTF-8 is
    // printed as U+FFFD instead of failing the whole command.
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace infractl
