#include <arpa/inet.h>

#include <filesystem>

#include <fmt/format.h>

#include "infractl/topology/env_file.hpp"
#include "service_parser.hpp"

namespace infractl::yaml {

namespace {

bool valid_env_key(const std::string& k) {
    if (k.empty()) return false;
    for (char c : k)
        if (c == '=' || c == ' ' || c == '\t' || c == '\n') return false;
    return true;
}

void set_env(Reader& r, const Node& at, std::map<std::string, EnvValue>& env, const std::string& key,
             std::optional<std::string> value) {
    if (!valid_env_key(key)) {
        r.error(at, fmt::format("invalid environment variable name '{}'", key),
                "use letters, digits and '_', e.g. DATABASE_URL");
        return;
    }
    if (!value) value = r.env()(key);  // `KEY` alone passes the caller's value through
    if (!value) return;
    env[key] = EnvValue{std::move(*value), is_secret_env_name(key), r.loc(at)};
}

bool valid_ip(const std::string& ip) {
    unsigned char buf[16];
    return inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1;
}

// "8080" -> 8080; 0 when empty and `allow_empty`; -1 when invalid.
int port_number(const std::string& s, bool allow_empty) {
    if (s.empty()) return allow_empty ? 0 : -1;
    if (s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
    int v = std::stoi(s);
    return v >= 1 && v <= 65535 ? v : -1;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t p = s.find(sep, start);
        out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
        if (p == std::string::npos) return out;
        start = p + 1;
    }
}

const char* const kPortHint = "use [host_ip:]host_port:container_port[/tcp|udp], e.g. 127.0.0.1:8080:80";

// Parses one port entry; reports and returns nullopt when it is invalid.
std::optional<PortMapping> parse_port(Reader& r, const Node& at, const std::string& text) {
    PortMapping p;
    p.loc = r.loc(at);
    std::string rest = text;
    if (auto slash = rest.rfind('/'); slash != std::string::npos) {
        p.protocol = rest.substr(slash + 1);
        rest.resize(slash);
        if (p.protocol != "tcp" && p.protocol != "udp") {
            r.error(at, fmt::format("invalid protocol '{}' in port '{}'", p.protocol, text), "use tcp or udp");
            return std::nullopt;
        }
    }
    if (!rest.empty() && rest[0] == '[') {  // [::1]:8080:80
        std::size_t close = rest.find("]:");
        if (close == std::string::npos) {
            r.error(at, fmt::format("invalid port mapping '{}'", text), kPortHint);
            return std::nullopt;
        }
        p.host_ip = rest.substr(1, close - 1);
        rest = rest.substr(close + 2);
        if (rest.find(':') == std::string::npos) rest = ":" + rest;  // "[ip]:80" is not meaningful
    }
    std::vector<std::string> parts = split(rest, ':');
    if (parts.size() == 3 && p.host_ip.empty()) {
        p.host_ip = parts[0];
        parts.erase(parts.begin());
    }
    if (parts.size() > 2 || (parts.size() == 1 && !p.host_ip.empty())) {
        r.error(at, fmt::format("invalid port mapping '{}'", text), kPortHint);
        return std::nullopt;
    }
    if (rest.find('-') != std::string::npos) {
        r.error(at, fmt::format("port ranges are not supported: '{}'", text), "list each port on its own line");
        return std::nullopt;
    }
    if (!p.host_ip.empty() && !valid_ip(p.host_ip)) {
        r.error(at, fmt::format("invalid host IP '{}' in port '{}'", p.host_ip, text),
                "use an IPv4 or IPv6 address, e.g. 127.0.0.1");
        return std::nullopt;
    }
    p.container_port = port_number(parts.back(), false);
    p.host_port = parts.size() == 2 ? port_number(parts[0], true) : 0;
    if (p.container_port < 0 || p.host_port < 0) {
        const std::string& bad = p.container_port < 0 ? parts.back() : parts[0];
        if (bad.find_first_not_of("0123456789") != std::string::npos || bad.empty())
            r.error(at, fmt::format("invalid port mapping '{}'", text), kPortHint);
        else
            r.error(at, fmt::format("invalid port '{}' in '{}'", bad, text), "ports are 1 to 65535");
        return std::nullopt;
    }
    return p;
}

const char* const kVolumeHint = "use source:target[:ro], e.g. pgdata:/var/lib/postgresql/data";

std::optional<Mount> parse_volume(Reader& r, const Node& at, const std::string& text) {
    Mount m;
    m.loc = r.loc(at);
    std::vector<std::string> parts = split(text, ':');
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty()) {
        r.error(at, fmt::format("invalid volume '{}'", text), kVolumeHint);
        return std::nullopt;
    }
    if (parts.size() == 3) {
        if (parts[2] != "ro" && parts[2] != "rw") {
            r.error(at, fmt::format("invalid volume mode '{}' in '{}'", parts[2], text), "use ro or rw");
            return std::nullopt;
        }
        m.read_only = parts[2] == "ro";
    }
    m.target = parts[1];
    if (m.target[0] != '/') {
        r.error(at, fmt::format("volume target '{}' must be an absolute path", m.target), kVolumeHint);
        return std::nullopt;
    }
    const std::string& src = parts[0];
    if (src[0] == '/' || src[0] == '.') {
        m.kind = Mount::Kind::bind;
        std::filesystem::path p(src);
        if (p.is_relative()) p = std::filesystem::path(r.base_dir()) / p;
        m.source = p.lexically_normal().string();
        if (m.source.size() > 1 && m.source.back() == '/') m.source.pop_back();
        return m;
    }
    std::string problem = name_problem(src);
    if (!problem.empty()) {
        r.error(at, fmt::format("invalid volume name '{}': {}", src, problem),
                "bind mounts start with '/' or '.'");
        return std::nullopt;
    }
    m.source = src;
    return m;
}

}  // namespace

void read_environment(Reader& r, const Node& n, std::map<std::string, EnvValue>& env) {
    if (n.is_mapping()) {
        for (const auto& [k, v] : n.entries) {
            if (v->is_null()) set_env(r, *k, env, k->value, std::nullopt);
            else if (v->is_scalar()) {
                if (auto t = r.text(*v, k->value)) set_env(r, *v, env, k->value, *t);
            } else r.type_error(*v, "a string", k->value);
        }
        return;
    }
    if (!r.sequence(n, "environment")) return;
    for (const auto& item : n.items) {
        auto t = r.text(*item, "environment");
        if (!t) continue;
        std::size_t eq = t->find('=');
        if (eq == std::string::npos) set_env(r, *item, env, *t, std::nullopt);
        else set_env(r, *item, env, t->substr(0, eq), t->substr(eq + 1));
    }
}

void read_env_files(Reader& r, const Node& n, Service& s) {
    std::vector<const Node*> paths;
    if (n.is_sequence()) for (const auto& i : n.items) paths.push_back(i.get());
    else paths.push_back(&n);
    std::map<std::string, EnvValue> from_files;  // a later file wins over an earlier one
    for (const Node* p : paths) {
        auto t = r.text(*p, "env_file");
        if (!t) continue;
        s.env_files.push_back(*t);
        std::filesystem::path full(*t);
        if (full.is_relative()) full = std::filesystem::path(r.base_dir()) / full;
        auto result = read_env_file(full.lexically_normal().string());
        if (auto* problem = std::get_if<EnvFileProblem>(&result)) {
            if (problem->line == 0)
                r.error(*p, fmt::format("cannot read env_file '{}': {}", *t, problem->message),
                        fmt::format("paths are relative to {}", r.base_dir()));
            else
                r.diags().error(Location{full.lexically_normal().string(), problem->line, 1},
                                fmt::format("invalid line in env_file: {}", problem->message));
            continue;
        }
        for (auto& e : std::get<std::vector<EnvFileEntry>>(result))
            from_files[e.key] = EnvValue{e.value, true, Location{full.lexically_normal().string(), e.line, 1}};
    }
    // environment: wins over env_file whichever key came first in the service.
    for (auto& [k, v] : from_files) s.environment.emplace(k, std::move(v));
}

void read_labels(Reader& r, const Node& n, Service& s) {
    auto add = [&](const Node& at, const std::string& k, std::string v) {
        if (k.rfind("io.infractl.", 0) == 0) {
            r.error(at, fmt::format("label '{}' uses the reserved prefix 'io.infractl.'", k),
                    "infractl sets these labels itself; choose another prefix");
            return;
        }
        s.labels[k] = std::move(v);
    };
    if (n.is_mapping()) {
        for (const auto& [k, v] : n.entries) {
            if (v->is_null()) add(*k, k->value, "");
            else if (auto t = r.text(*v, k->value)) add(*k, k->value, *t);
        }
        return;
    }
    if (!r.sequence(n, "labels")) return;
    for (const auto& item : n.items) {
        auto t = r.text(*item, "labels");
        if (!t) continue;
        std::size_t eq = t->find('=');
        add(*item, t->substr(0, eq), eq == std::string::npos ? "" : t->substr(eq + 1));
    }
}

void read_ports(Reader& r, const Node& n, Service& s) {
    if (!r.sequence(n, "ports")) return;
    for (const auto& item : n.items) {
        auto t = r.text(*item, "ports");
        if (!t) continue;
        if (auto p = parse_port(r, *item, *t)) s.ports.push_back(std::move(*p));
    }
}

void read_volumes(Reader& r, const Node& n, Service& s) {
    if (!r.sequence(n, "volumes")) return;
    for (const auto& item : n.items) {
        auto t = r.text(*item, "volumes");
        if (!t) continue;
        if (auto m = parse_volume(r, *item, *t)) s.volumes.push_back(std::move(*m));
    }
}

std::optional<std::vector<std::string>> read_network_list(Reader& r, const Node& n) {
    if (!r.sequence(n, "networks")) return std::nullopt;
    return r.strings(n, "networks");
}

void read_depends_on(Reader& r, const Node& n, Service& s) {
    if (n.is_sequence()) {
        for (const auto& item : n.items)
            if (auto t = r.text(*item, "depends_on"))
                s.depends_on.push_back(Dependency{*t, DependCondition::service_started, r.loc(*item)});
        return;
    }
    if (!r.mapping(n, "depends_on")) return;
    for (const auto& [k, v] : n.entries) {
        Dependency d{k->value, DependCondition::service_started, r.loc(*k)};
        if (r.mapping(*v, k->value)) {
            r.fields(*v, fmt::format("in depends_on '{}'", k->value), {
                {"condition", [&](const Node&, const Node& c) {
                     auto t = r.choice(c, "condition", {"service_started", "service_healthy", "service_completed_successfully"});
                     if (t == "service_healthy") d.condition = DependCondition::service_healthy;
                     if (t == "service_completed_successfully") d.condition = DependCondition::service_completed_successfully;
                 }},
            });
        }
        s.depends_on.push_back(std::move(d));
    }
}

}  // namespace infractl::yaml
