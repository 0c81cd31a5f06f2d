#include <cstdlib>

#include <fmt/format.h>

#include "infractl/topology/loader.hpp"
#include "reader.hpp"
#include "secrets_parser.hpp"
#include "service_parser.hpp"
#include "yaml_document.hpp"

namespace infractl {

namespace {

using yaml::Node;
using yaml::Reader;

constexpr const char* kGlobalReason = "a global runs one instance shared by every project";

void read_version(Reader& r, const Node& v, int& version) {
    auto n = r.integer(v, "version");
    if (!n) return;
    if (*n != 1) {
        r.error(v, fmt::format("unsupported version {}; this infractl reads version 1", *n));
        return;
    }
    version = 1;
}

void read_networks(Reader& r, const Node& map, Topology& t) {
    if (!r.mapping(map, "networks")) return;
    for (const auto& [k, v] : map.entries) {
        Network net;
        net.name = k->value;
        net.loc = r.loc(*k);
        r.check_name(*k, "network");
        if (r.mapping(*v, k->value)) {
            r.fields(*v, fmt::format("in network '{}'", k->value), {
                {"internal", [&](const Node&, const Node& x) { if (auto b = r.boolean(x, "internal")) net.internal = *b; }},
                {"driver", [&](const Node&, const Node& x) { if (auto s = r.text(x, "driver")) net.driver = *s; }},
            });
        }
        t.networks.push_back(std::move(net));
    }
}

void read_volumes(Reader& r, const Node& map, Topology& t) {
    if (!r.mapping(map, "volumes")) return;
    for (const auto& [k, v] : map.entries) {
        Volume vol;
        vol.name = k->value;
        vol.loc = r.loc(*k);
        r.check_name(*k, "volume");
        if (r.mapping(*v, k->value)) {
            r.fields(*v, fmt::format("in volume '{}'", k->value), {
                {"global", [&](const Node&, const Node& x) { if (auto b = r.boolean(x, "global")) vol.global = *b; }},
            });
        }
        t.volumes.push_back(std::move(vol));
    }
}

void read_globals(Reader& r, const Node& map, Topology& t) {
    if (!r.mapping(map, "globals")) return;
    t.globals.reserve(map.entries.size());
    for (const auto& [k, v] : map.entries) {
        r.check_name(*k, "service");
        Service s = yaml::read_service(r, *k, *v, k->value);
        // Globals are shared by every project, so they are singletons whatever
        // the file says; the reason explains a refused scale.
        s.singleton = true;
        if (s.singleton_reason.empty()) s.singleton_reason = kGlobalReason;
        t.globals.push_back(std::move(s));
    }
}

void read_project(Reader& r, const Node& key, const Node& value, Project& p) {
    p.name = key.value;
    p.loc = r.loc(key);
    r.check_name(key, "project");
    if (!r.mapping(value, key.value)) return;
    r.fields(value, fmt::format("in project '{}'", key.value), {
        {"services", [&](const Node&, const Node& services) {
             if (!r.mapping(services, "services")) return;
             p.services.reserve(services.entries.size());
             for (const auto& [sk, sv] : services.entries) {
                 r.check_name(*sk, "service");
                 p.services.push_back(yaml::read_service(r, *sk, *sv, p.name + "/" + sk->value));
             }
         }},
    });
}

void read_projects(Reader& r, const Node& map, Topology& t) {
    if (!r.mapping(map, "projects")) return;
    t.projects.reserve(map.entries.size());
    for (const auto& [k, v] : map.entries) {
        Project p;
        read_project(r, *k, *v, p);
        t.projects.push_back(std::move(p));
    }
}

}  // namespace

EnvLookup process_env() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (!v) return std::nullopt;
        return std::string(v);
    };
}

Topology load_topology_text(const std::string& text, const std::string& path, const EnvLookup& env,
                            Diagnostics& diags) {
    Topology t;
    t.file = path;
    yaml::NodePtr root = yaml::parse_document(text, path, diags);
    if (!root) return t;
    Reader r(path, env, diags);
    if (!root->is_mapping()) {
        r.error(*root, fmt::format("expected a mapping at the top of the topology, got {}", yaml::kind_name(*root)),
                "a topology starts with 'version: 1' and 'stack: <name>'");
        return t;
    }
    bool has_version = false, has_stack = false;
    r.fields(*root, "at the top level", {
        {"version", [&](const Node&, const Node& v) { has_version = true; read_version(r, v, t.version); }},
        {"stack", [&](const Node&, const Node& v) {
             has_stack = true;
             t.stack_loc = r.loc(v);
             auto s = r.text(v, "stack");
             if (!s) return;
             t.stack = *s;
             if (auto problem = yaml::name_problem(*s); !problem.empty())
                 r.error(v, fmt::format("invalid stack name '{}': {}", *s, problem));
         }},
        {"networks", [&](const Node&, const Node& v) { read_networks(r, v, t); }},
        {"volumes", [&](const Node&, const Node& v) { read_volumes(r, v, t); }},
        {"secrets", [&](const Node&, const Node& v) { yaml::read_secrets(r, v, t); }},
        {"globals", [&](const Node&, const Node& v) { read_globals(r, v, t); }},
        {"projects", [&](const Node&, const Node& v) { read_projects(r, v, t); }},
    });
    if (!has_version) r.error(*root, "missing 'version'", "add 'version: 1' at the top of the file");
    if (!has_stack) r.error(*root, "missing 'stack'", "add 'stack: <name>', e.g. stack: monorepo");
    return t;
}

Topology load_topology_file(const std::string& path, const EnvLookup& env, Diagnostics& diags) {
    auto text = yaml::read_text_file(path, diags);
    if (!text) {
        Topology t;
        t.file = path;
        return t;
    }
    return load_topology_text(*text, path, env, diags);
}

}  // namespace infractl
