#include "convert_service.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "../topology/reader.hpp"

namespace infractl::compose {

namespace {

YamlValue command_value(const Command& c) {
    if (!c.is_list) return YamlValue::str(c.words.empty() ? "" : c.words[0]);
    return YamlValue::list(c.words, c.words.size() <= 4);
}

// A path for the topology, relative to its folder when it can be ("./data").
std::string topology_path(const std::string& path, const ServiceContext& ctx) {
    std::filesystem::path p(path);
    if (!p.is_absolute()) return path;
    std::filesystem::path rel = p.lexically_relative(ctx.opts.out_dir);
    if (rel.empty()) return path;
    std::string s = rel.string();
    if (s == ".") return ".";
    return s.rfind("..", 0) == 0 ? s : "./" + s;
}

// True when `value` names `host` as a URL's host ("redis://redis:6379",
// "postgres://u:p@db/app").
bool names_host(const std::string& value, const std::string& host) {
    for (std::size_t p = value.find(host); p != std::string::npos; p = value.find(host, p + 1)) {
        bool before = (p >= 2 && value.compare(p - 2, 2, "//") == 0) || (p >= 1 && value[p - 1] == '@');
        std::size_t end = p + host.size();
        bool after = end == value.size() || value[end] == ':' || value[end] == '/';
        if (before && after) return true;
    }
    return false;
}

// In a project, peers are reached as {project}-{service}: compose's names in
// URLs no longer resolve. Said at each value, so nothing changes silently.
void warn_project_hosts(const Service& s, const ServiceContext& ctx) {
    if (ctx.global) return;
    for (const auto& [key, e] : s.environment) {
        if (!e.value) continue;
        for (const auto& peer : ctx.file.services)
            if (names_host(*e.value, peer.name))
                ctx.diags.warning(e.loc, fmt::format("{} names the host '{}': in project {} that service is reached "
                                                     "as '{}-{}'", key, peer.name, ctx.opts.project, ctx.opts.project,
                                                     peer.name),
                                  "change the URL, or import without --project (globals keep compose's names)");
    }
}

YamlValue environment_value(const Service& s) {
    YamlValue env;
    for (const auto& [k, e] : s.environment) env.add(k, e.value ? YamlValue::str(*e.value) : YamlValue::null());
    return env;
}

YamlValue volumes_value(const Service& s, const ServiceContext& ctx) {
    std::vector<std::string> out;
    for (const auto& m : s.volumes) {
        std::string source = m.bind ? topology_path(m.source, ctx) : m.source;
        if (!m.bind) {
            std::string problem = yaml::name_problem(source);
            if (!problem.empty())
                ctx.diags.error(m.loc, fmt::format("volume name '{}' is not a valid infractl name: {}", source, problem),
                                "rename the volume");
        }
        out.push_back(source + ":" + m.target + (m.read_only ? ":ro" : ""));
    }
    return YamlValue::list(out);
}

YamlValue healthcheck_value(const Healthcheck& h) {
    YamlValue v;
    if (h.test) v.add("test", command_value(*h.test));
    if (h.interval) v.add("interval", h.interval->value);
    if (h.timeout) v.add("timeout", h.timeout->value);
    if (h.start_period) v.add("start_period", h.start_period->value);
    if (h.retries) v.add("retries", YamlValue::num(h.retries->value));
    if (h.disable) v.add("disable", YamlValue::num(h.disable->value));
    if (v.entries.empty()) return YamlValue::empty_map();
    return v;
}

YamlValue resources_value(const Resources& r) {
    YamlValue out;
    auto part = [&](const char* name, const std::optional<Text>& cpus, const std::optional<Text>& memory) {
        if (!cpus && !memory) return;
        YamlValue& v = out.add(name, YamlValue{});
        if (cpus) v.add("cpus", YamlValue::num(cpus->value));
        if (memory) v.add("memory", memory->value);
    };
    part("limits", r.cpu_limit, r.memory_limit);
    part("reservations", r.cpu_reservation, r.memory_reservation);
    return out;
}

std::string image_of(const Service& s, const ServiceContext& ctx) {
    if (s.image) return s.image->value;
    std::string image = ctx.stack + "_" + s.name;  // what docker-compose 1.29 tags the image it builds
    ctx.diags.warning(s.build_context ? s.build_context->loc : s.loc,
                      fmt::format("service '{}' has no image: the topology names '{}'", s.name, image),
                      fmt::format("that is the tag docker-compose gives the image it builds; build it with "
                                  "docker build -t {} {}", image, s.build_context ? s.build_context->value : "."));
    return image;
}

void add_dependencies(YamlValue& v, const Service& s, const ServiceContext& ctx) {
    if (s.depends_on.empty()) return;
    YamlValue& deps = v.add("depends_on", YamlValue{});
    for (const auto& d : s.depends_on) {
        if (!ctx.file.find(d.service))
            ctx.diags.error(d.loc, fmt::format("service '{}' depends on '{}', which is not a service", s.name, d.service));
        YamlValue cond;
        cond.flow = true;
        cond.add("condition", d.condition);
        deps.add(d.service, cond);
    }
}

void add_replicas(YamlValue& v, const Service& s, const ServiceContext& ctx) {
    if (!s.replicas) return;
    const std::string& n = s.replicas->value;
    bool many = n.find_first_not_of("0123456789") == std::string::npos && n != "0" && n != "1";
    if (ctx.global && many)
        ctx.diags.error(s.replicas->loc, fmt::format("service '{}' asks for {} replicas; a global runs 0 or 1", s.name, n),
                        "import into a project (--project NAME), whose services scale");
    v.add("replicas", YamlValue::num(n));
}

}  // namespace

YamlValue convert_service(const Service& s, const ServiceContext& ctx) {
    YamlValue v;
    if (std::string problem = yaml::name_problem(s.name); !problem.empty())
        ctx.diags.error(s.loc, fmt::format("service name '{}' is not a valid infractl name: {}", s.name, problem),
                        "rename the service");
    if (!s.image && !s.build_context)
        ctx.diags.error(s.loc, fmt::format("service '{}' has neither image nor build", s.name));
    else v.add("image", image_of(s, ctx));
    if (s.entrypoint) v.add("entrypoint", command_value(*s.entrypoint));
    if (s.command) v.add("command", command_value(*s.command));
    if (!s.environment.empty()) v.add("environment", environment_value(s));
    warn_project_hosts(s, ctx);
    if (!s.env_files.empty()) {
        std::vector<std::string> files;
        for (const auto& f : s.env_files) files.push_back(topology_path(f.value, ctx));
        v.add("env_file", YamlValue::list(files));
    }
    if (!s.labels.empty()) {
        YamlValue& labels = v.add("labels", YamlValue{});
        for (const auto& [k, t] : s.labels) labels.add(k, t.value);
    }
    if (!s.ports.empty()) {
        std::vector<std::string> ports;
        for (const auto& p : s.ports) ports.push_back(p.value);
        v.add("ports", YamlValue::list(ports));
    }
    if (!s.volumes.empty()) v.add("volumes", volumes_value(s, ctx));
    std::vector<std::string> networks;
    if (s.networks) for (const auto& n : *s.networks) networks.push_back(n.value);
    else networks.push_back("default");
    v.add("networks", YamlValue::list(networks, true));
    add_dependencies(v, s, ctx);
    if (s.healthcheck) v.add("healthcheck", healthcheck_value(*s.healthcheck));
    v.add("restart", s.restart ? s.restart->value : "no");
    for (auto [key, field] : {std::pair{"stop_signal", &Service::stop_signal}, {"stop_grace_period", &Service::stop_grace_period},
                              {"user", &Service::user}, {"working_dir", &Service::working_dir},
                              {"pull_policy", &Service::pull_policy}})
        if (s.*field) v.add(key, (s.*field)->value);
    add_replicas(v, s, ctx);
    YamlValue res = resources_value(s.resources);
    if (!res.entries.empty()) v.add("resources", res);
    if (!s.profiles.empty()) v.add("enabled", YamlValue::boolean(false));
    return v;
}

}  // namespace infractl::compose
