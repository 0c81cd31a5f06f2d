// The list-and-map keys of a compose service, each in its short and long
// syntax, turned into the topology's forms.
#include <fmt/format.h>

#include "compose_reader.hpp"

namespace infractl::compose {

namespace {

// "a=b" -> {"a", "b"}; "a" -> {"a", nullopt}.
std::pair<std::string, std::optional<std::string>> split_assignment(const std::string& s) {
    std::size_t eq = s.find('=');
    if (eq == std::string::npos) return {s, std::nullopt};
    return {s.substr(0, eq), s.substr(eq + 1)};
}

bool has_variable(const std::string& s) { return s.find('$') != std::string::npos; }

// "8000-8002" -> {8000, 8002}; a single port -> {p, p}; nullopt when not a range of numbers.
std::optional<std::pair<int, int>> port_range(const std::string& s) {
    auto number = [](const std::string& x) -> std::optional<int> {
        if (x.empty() || x.size() > 5 || x.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
        return std::stoi(x);
    };
    std::size_t dash = s.find('-');
    if (dash == std::string::npos) {
        auto p = number(s);
        if (!p) return std::nullopt;
        return std::pair{*p, *p};
    }
    auto a = number(s.substr(0, dash)), b = number(s.substr(dash + 1));
    if (!a || !b || *b < *a) return std::nullopt;
    return std::pair{*a, *b};
}

// Expands "127.0.0.1:8000-8001:9000-9001/tcp" into one entry per port, as
// the topology has no ranges. Entries with variables or no range pass as written.
void add_port(Reader& r, const Node& at, const std::string& spec, Service& s) {
    if (spec.find('-') == std::string::npos || has_variable(spec)) {
        s.ports.push_back(Text{spec, r.loc(at)});
        return;
    }
    std::string body = spec, proto;
    if (auto slash = body.rfind('/'); slash != std::string::npos) proto = body.substr(slash), body.resize(slash);
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        std::size_t p = body.find(':', start);
        parts.push_back(body.substr(start, p == std::string::npos ? std::string::npos : p - start));
        if (p == std::string::npos) break;
        start = p + 1;
    }
    if (parts.size() > 3) {  // an IPv6 host address: passed as written, the topology loader checks it
        s.ports.push_back(Text{spec, r.loc(at)});
        return;
    }
    std::string ip = parts.size() == 3 ? parts[0] : "";
    std::string host = parts.size() >= 2 ? parts[parts.size() - 2] : "";
    auto c = port_range(parts.back());
    auto h = host.empty() ? c : port_range(host);
    if (!c || !h || c->second - c->first != h->second - h->first || c->second - c->first > 100) {
        r.error(at, fmt::format("invalid port range '{}'", spec),
                "host and container ranges must have the same length, at most 101 ports");
        return;
    }
    for (int i = 0; i <= c->second - c->first; ++i) {
        std::string out = ip.empty() ? "" : ip + ":";
        if (!host.empty()) out += std::to_string(h->first + i) + ":";
        else if (!ip.empty()) out += ":";
        s.ports.push_back(Text{out + std::to_string(c->first + i) + proto, r.loc(at)});
    }
}

void add_long_port(Reader& r, const Node& item, Service& s) {
    std::string target, published, host_ip, protocol;
    r.fields(item, "ports.", {
        {"target", [&](const Node&, const Node& v) { if (auto t = r.text(v, "target")) target = t->value; }},
        {"published", [&](const Node&, const Node& v) { if (auto t = r.text(v, "published")) published = t->value; }},
        {"host_ip", [&](const Node&, const Node& v) { if (auto t = r.text(v, "host_ip")) host_ip = t->value; }},
        {"protocol", [&](const Node&, const Node& v) { if (auto t = r.text(v, "protocol")) protocol = t->value; }},
        {"mode", [&](const Node&, const Node& v) {
             if (!v.is_scalar() || v.value != "host")
                 r.unsupported(v, "ports.mode", "infractl publishes on the host; mode 'ingress' is a swarm setting");
         }},
    });
    if (target.empty()) return r.error(item, "a port in the long syntax needs 'target'", "e.g. {target: 80, published: 8080}");
    std::string spec = target + (protocol.empty() ? "" : "/" + protocol);
    if (!published.empty()) spec = published + ":" + spec;
    if (!host_ip.empty()) spec = (host_ip.find(':') != std::string::npos ? "[" + host_ip + "]" : host_ip) + ":" +
                                 (published.empty() ? ":" : "") + spec;
    add_port(r, item, spec, s);
}

void add_short_volume(Reader& r, const Node& at, const std::string& spec, Service& s) {
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        std::size_t p = spec.find(':', start);
        parts.push_back(spec.substr(start, p == std::string::npos ? std::string::npos : p - start));
        if (p == std::string::npos) break;
        start = p + 1;
    }
    if (parts.size() == 1) {
        return r.unsupported_value(at, fmt::format("compose anonymous volume '{}' is not supported", spec),
                                   "name it, e.g. data:" + spec);
    }
    if (parts.size() > 3 || parts[0].empty() || parts[1].empty())
        return r.error(at, fmt::format("invalid volume '{}'", spec), "use source:target[:mode]");
    VolumeMount m{false, parts[0], parts[1], false, r.loc(at)};
    if (parts.size() == 3) {
        std::string rest;
        for (std::size_t start = 0; start <= parts[2].size();) {
            std::size_t comma = parts[2].find(',', start);
            std::string opt = parts[2].substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (opt == "ro") m.read_only = true;
            else if (opt != "rw")
                r.unsupported_value(at, fmt::format("compose volume option '{}' is not supported", opt),
                                    "infractl mounts read-write or read-only (ro) only");
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    const char c = m.source[0];
    m.bind = c == '/' || c == '.' || c == '~' || c == '$';
    if (m.bind) m.source = resolve_path(r, m.source);
    s.volumes.push_back(std::move(m));
}

void add_long_volume(Reader& r, const Node& item, Service& s) {
    VolumeMount m;
    m.loc = r.loc(item);
    std::string type = "volume";
    r.fields(item, "volumes.", {
        {"type", [&](const Node&, const Node& v) { if (auto t = r.text(v, "type")) type = t->value; }},
        {"source", [&](const Node&, const Node& v) { if (auto t = r.text(v, "source")) m.source = t->value; }},
        {"target", [&](const Node&, const Node& v) { if (auto t = r.text(v, "target")) m.target = t->value; }},
        {"read_only", [&](const Node&, const Node& v) {
             if (auto t = r.text(v, "read_only")) m.read_only = t->value == "true" || t->value == "yes";
         }},
    });
    if (type != "volume" && type != "bind")
        return r.unsupported_value(item, fmt::format("compose volume type '{}' is not supported", type),
                                   "infractl mounts named volumes and bind mounts only");
    if (m.target.empty()) return r.error(item, "a volume in the long syntax needs 'target'");
    if (m.source.empty())
        return r.unsupported_value(item, fmt::format("compose anonymous volume '{}' is not supported", m.target),
                                   "give it a source, e.g. source: data");
    m.bind = type == "bind";
    if (m.bind) m.source = resolve_path(r, m.source);
    s.volumes.push_back(std::move(m));
}

}  // namespace

void read_environment(Reader& r, const Node& n, Service& s) {
    if (n.is_mapping()) {
        for (const auto& [k, v] : n.entries) {
            if (v->is_null()) s.environment[k->value] = EnvEntry{std::nullopt, r.loc(*k)};
            else if (v->is_scalar()) s.environment[k->value] = EnvEntry{v->value, r.loc(*v)};
            else r.type_error(*v, "a string", k->value);
        }
        return;
    }
    if (!r.sequence(n, "environment")) return;
    for (const auto& item : n.items) {
        auto t = r.text(*item, "environment");
        if (!t) continue;
        auto [key, value] = split_assignment(t->value);
        s.environment[key] = EnvEntry{value, t->loc};
    }
}

void read_labels(Reader& r, const Node& n, Service& s) {
    if (n.is_mapping()) {
        for (const auto& [k, v] : n.entries) {
            if (v->is_null()) s.labels[k->value] = Text{"", r.loc(*k)};
            else if (auto t = r.text(*v, k->value)) s.labels[k->value] = *t;
        }
        return;
    }
    if (!r.sequence(n, "labels")) return;
    for (const auto& item : n.items) {
        auto t = r.text(*item, "labels");
        if (!t) continue;
        auto [key, value] = split_assignment(t->value);
        s.labels[key] = Text{value.value_or(""), t->loc};
    }
}

void read_ports(Reader& r, const Node& n, Service& s) {
    if (!r.sequence(n, "ports")) return;
    for (const auto& item : n.items) {
        if (item->is_mapping()) add_long_port(r, *item, s);
        else if (auto t = r.text(*item, "ports")) add_port(r, *item, t->value, s);
    }
}

void read_volumes(Reader& r, const Node& n, Service& s) {
    if (!r.sequence(n, "volumes")) return;
    for (const auto& item : n.items) {
        if (item->is_mapping()) add_long_volume(r, *item, s);
        else if (auto t = r.text(*item, "volumes")) add_short_volume(r, *item, t->value, s);
    }
}

void read_service_networks(Reader& r, const Node& n, Service& s) {
    std::vector<Text> names;
    if (n.is_sequence()) {
        auto list = r.strings(n, "networks");
        if (!list) return;
        names = std::move(*list);
    } else if (r.mapping(n, "networks")) {
        for (const auto& [k, v] : n.entries) {
            names.push_back(Text{k->value, r.loc(*k)});
            if (r.mapping(*v, k->value))
                r.fields(*v, "networks." + k->value + ".", {}, "service.networks.");
        }
    } else return;
    s.networks = std::move(names);
}

void read_depends_on(Reader& r, const Node& n, Service& s) {
    if (n.is_sequence()) {
        if (auto list = r.strings(n, "depends_on"))
            for (auto& t : *list) s.depends_on.push_back(Dependency{t.value, "service_started", t.loc});
        return;
    }
    if (!r.mapping(n, "depends_on")) return;
    for (const auto& [k, v] : n.entries) {
        Dependency d{k->value, "service_started", r.loc(*k)};
        if (r.mapping(*v, k->value)) {
            r.fields(*v, "depends_on." + k->value + ".", {
                {"condition", [&](const Node&, const Node& c) {
                     auto t = r.text(c, "condition");
                     if (!t) return;
                     if (t->value != "service_started" && t->value != "service_healthy" &&
                         t->value != "service_completed_successfully")
                         return r.error(c, fmt::format("invalid value '{}' for 'condition'", t->value),
                                        "use service_started, service_healthy or service_completed_successfully");
                     d.condition = t->value;
                 }},
            }, "depends_on.");
        }
        s.depends_on.push_back(std::move(d));
    }
}

}  // namespace infractl::compose
