#include <arpa/inet.h>

#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "infractl/topology/loader.hpp"
#include "reader.hpp"
#include "service_parser.hpp"
#include "yaml_document.hpp"

namespace infractl {

namespace {

using yaml::Node;
using yaml::Reader;

// "celery-worker" -> "CELERY_WORKER_URL": the default variable a managed
// endpoint is handed to its dependents in.
std::string default_managed_env(const std::string& service) {
    std::string out;
    for (char c : service) out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out + "_URL";
}

void read_managed(Reader& r, const Node& n, ServicePatch& p, const std::string& display) {
    if (!r.mapping(n, "managed")) return;
    ManagedEndpoint m;
    m.loc = r.loc(n);
    bool has_endpoint = false;
    r.fields(n, fmt::format("in 'managed' of service '{}'", display), {
        {"endpoint", [&](const Node&, const Node& v) {
             has_endpoint = true;
             if (auto t = r.text(v, "endpoint")) m.endpoint = *t;
         }},
        {"env", [&](const Node&, const Node& v) {
             if (auto t = r.text(v, "env")) m.env = *t;
         }},
    });
    if (!has_endpoint) {
        r.error(n, fmt::format("managed service '{}' has no 'endpoint'", display),
                "e.g. endpoint: redis://cache.internal:6379");
        return;
    }
    if (m.env.empty()) m.env = default_managed_env(p.name);
    p.managed = std::move(m);
}

ServicePatch read_patch(Reader& r, const Node& key, const Node& value, const std::string& display) {
    ServicePatch p;
    p.name = key.value;
    p.loc = r.loc(key);
    if (!r.mapping(value, display)) return p;
    r.fields(value, fmt::format("in profile service '{}'", display), {
        {"replicas", [&](const Node&, const Node& v) {
             p.replicas_loc = r.loc(v);
             if (auto c = r.count(v, "replicas", 0)) p.replicas = *c;
         }},
        {"max_replicas", [&](const Node&, const Node& v) { if (auto c = r.count(v, "max_replicas", 1)) p.max_replicas = *c; }},
        {"read_replicas", [&](const Node&, const Node& v) {
             p.read_replicas_loc = r.loc(v);
             if (auto c = r.count(v, "read_replicas", 0)) p.read_replicas = *c;
         }},
        {"enabled", [&](const Node&, const Node& v) { if (auto b = r.boolean(v, "enabled")) p.enabled = *b; }},
        {"networks", [&](const Node&, const Node& v) {
             p.networks_loc = r.loc(v);
             p.networks = yaml::read_network_list(r, v);
         }},
        {"managed", [&](const Node&, const Node& v) { read_managed(r, v, p, display); }},
        {"environment", [&](const Node&, const Node& v) { yaml::read_environment(r, v, p.environment); }},
        {"pull_policy", [&](const Node&, const Node& v) { p.pull_policy = yaml::read_pull_policy(r, v); }},
        {"resources", [&](const Node&, const Node& v) { yaml::read_resources(r, v, p.resources, display); }},
        {"autoscale", [&](const Node&, const Node& v) { p.autoscale = yaml::read_autoscale(r, v, display); }},
    });
    return p;
}

// {services: {name: patch}} as used by project_defaults and each project.
void read_services_block(Reader& r, const Node& n, std::string_view where, const std::string& prefix,
                         std::vector<ServicePatch>& out) {
    if (!r.mapping(n, where)) return;
    r.fields(n, fmt::format("in '{}'", where), {
        {"services", [&](const Node&, const Node& services) {
             if (!r.mapping(services, "services")) return;
             for (const auto& [k, v] : services.entries)
                 out.push_back(read_patch(r, *k, *v, prefix + k->value));
         }},
    });
}

void read_profile_networks(Reader& r, const Node& map, Profile& p) {
    if (!r.mapping(map, "networks")) return;
    for (const auto& [k, v] : map.entries) {
        NetworkPatch net;
        net.name = k->value;
        net.loc = r.loc(*k);
        r.check_name(*k, "network");
        if (r.mapping(*v, k->value)) {
            r.fields(*v, fmt::format("in network '{}'", k->value), {
                {"internal", [&](const Node&, const Node& x) { net.internal = r.boolean(x, "internal"); }},
            });
        }
        p.networks.push_back(std::move(net));
    }
}

void read_images(Reader& r, const Node& map, Profile& p) {
    if (!r.mapping(map, "images")) return;
    for (const auto& [k, v] : map.entries)
        if (auto t = r.text(*v, k->value)) p.images[k->value] = *t;
}

void read_host_ip(Reader& r, const Node& v, Profile& p) {
    auto t = r.text(v, "default_host_ip");
    if (!t) return;
    unsigned char buf[16];
    if (inet_pton(AF_INET, t->c_str(), buf) != 1 && inet_pton(AF_INET6, t->c_str(), buf) != 1) {
        r.error(v, fmt::format("invalid default_host_ip '{}'", *t), "use an IPv4 or IPv6 address, e.g. 127.0.0.1");
        return;
    }
    p.default_host_ip = *t;
}

void read_name(Reader& r, const Node& v, Profile& p) {
    auto t = r.text(v, "profile");
    if (!t) return;
    p.name = *t;
    p.loc = r.loc(v);
    if (auto problem = yaml::name_problem(*t); !problem.empty()) {
        r.error(v, fmt::format("invalid profile name '{}': {}", *t, problem));
        return;
    }
    // A prod profile saved as dev.yaml would be applied by `--profile dev`.
    std::string stem = std::filesystem::path(r.file()).stem().string();
    if (!stem.empty() && stem != *t)
        r.diags().warning(r.loc(v), fmt::format("profile '{}' is in a file named '{}'", *t,
                                                std::filesystem::path(r.file()).filename().string()),
                          "name the file after the profile, e.g. profiles/" + *t + ".yaml");
}

}  // namespace

Profile load_profile_text(const std::string& text, const std::string& path, const EnvLookup& env,
                          Diagnostics& diags) {
    Profile p;
    p.file = path;
    yaml::NodePtr root = yaml::parse_document(text, path, diags);
    if (!root) return p;
    Reader r(path, env, diags);
    if (!root->is_mapping()) {
        r.error(*root, fmt::format("expected a mapping at the top of the profile, got {}", yaml::kind_name(*root)),
                "a profile starts with 'version: 1' and 'profile: <name>'");
        return p;
    }
    bool has_version = false, has_name = false;
    r.fields(*root, "at the top level of the profile", {
        {"version", [&](const Node&, const Node& v) {
             has_version = true;
             auto n = r.integer(v, "version");
             if (n && *n != 1) r.error(v, fmt::format("unsupported version {}; this infractl reads version 1", *n));
         }},
        {"profile", [&](const Node&, const Node& v) { has_name = true; read_name(r, v, p); }},
        {"default_host_ip", [&](const Node&, const Node& v) { read_host_ip(r, v, p); }},
        {"backend", [&](const Node&, const Node& v) {
             if (auto b = r.choice(v, "backend", {"docker", "swarm"})) p.backend = *b;
         }},
        {"images", [&](const Node&, const Node& v) { read_images(r, v, p); }},
        {"networks", [&](const Node&, const Node& v) { read_profile_networks(r, v, p); }},
        {"globals", [&](const Node&, const Node& v) {
             if (!r.mapping(v, "globals")) return;
             for (const auto& [k, sv] : v.entries) p.globals.push_back(read_patch(r, *k, *sv, k->value));
         }},
        {"project_defaults", [&](const Node&, const Node& v) {
             read_services_block(r, v, "project_defaults", "", p.project_defaults);
         }},
        {"projects", [&](const Node&, const Node& v) {
             if (!r.mapping(v, "projects")) return;
             for (const auto& [k, pv] : v.entries) {
                 p.project_locs[k->value] = r.loc(*k);
                 read_services_block(r, *pv, k->value, k->value + "/", p.projects[k->value]);
             }
         }},
    });
    if (!has_version) r.error(*root, "missing 'version'", "add 'version: 1' at the top of the file");
    if (!has_name) r.error(*root, "missing 'profile'", "add 'profile: <name>', e.g. profile: dev");
    return p;
}

Profile load_profile_file(const std::string& path, const EnvLookup& env, Diagnostics& diags) {
    auto text = yaml::read_text_file(path, diags);
    if (!text) {
        Profile p;
        p.file = path;
        return p;
    }
    return load_profile_text(*text, path, env, diags);
}

}  // namespace infractl
