#include "infractl/compose/compose_to_topology.hpp"

#include <cctype>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "../topology/reader.hpp"
#include "convert_service.hpp"

namespace infractl::compose {

namespace {

std::string stack_of(const File& file, const ImportOptions& opts, Diagnostics& diags) {
    std::string stack = opts.stack;
    if (stack.empty() && file.name) stack = compose_project_name(file.name->value);
    if (stack.empty()) stack = compose_project_name(std::filesystem::path(file.dir).filename().string());
    if (std::string problem = yaml::name_problem(stack); !problem.empty())
        diags.error(Location{file.path, 1, 1}, fmt::format("stack name '{}' is not a valid infractl name: {}", stack, problem),
                    "pass --stack NAME");
    return stack;
}

// Top-level networks: the declared ones, plus `default` when a service
// joins it (every service without `networks:` does, as in compose).
YamlValue networks_value(const File& file, Diagnostics& diags) {
    YamlValue out;
    std::set<std::string> declared;
    for (const auto& n : file.networks) {
        declared.insert(n.name);
        if (std::string problem = yaml::name_problem(n.name); !problem.empty())
            diags.error(n.loc, fmt::format("network name '{}' is not a valid infractl name: {}", n.name, problem),
                        "rename the network");
        YamlValue v;
        if (n.internal) v.add("internal", YamlValue::num(n.internal->value));
        if (n.driver) v.add("driver", n.driver->value);
        out.add(n.name, v.entries.empty() ? YamlValue::empty_map() : v);
    }
    bool uses_default = false;
    for (const auto& s : file.services) {
        if (!s.networks) uses_default = true;
        else
            for (const auto& n : *s.networks)
                if (!declared.count(n.value))
                    diags.error(n.loc, fmt::format("service '{}' joins network '{}', which is not declared", s.name, n.value),
                                "declare it under the top-level 'networks:'");
    }
    if (uses_default && !declared.count("default")) out.add("default", YamlValue::empty_map());
    return out;
}

// profiles/<name>.yaml: enables the services of that compose profile.
std::string profile_text(const std::string& name, const std::vector<std::string>& services, const ImportOptions& opts) {
    YamlValue doc;
    doc.add("version", YamlValue::num("1"));
    doc.add("profile", name);
    if (!services.empty()) {
        YamlValue patches;
        for (const auto& s : services) {
            YamlValue on;
            on.flow = true;
            on.add("enabled", YamlValue::boolean(true));
            patches.add(s, on);
        }
        if (opts.project.empty()) doc.add("globals", patches);
        else doc.add("projects", YamlValue{}).add(opts.project, YamlValue{}).add("services", patches);
    }
    std::vector<std::string> header = {"Written by `infractl import compose`."};
    header.push_back(services.empty() ? "The default profile: the services without compose profiles."
                                      : "compose profile '" + name + "': the services without compose profiles, plus these.");
    return emit_yaml(doc, header);
}

std::map<std::string, std::string> profiles_of(const File& file, const ImportOptions& opts, Diagnostics& diags) {
    std::map<std::string, std::vector<std::string>> members;
    for (const auto& s : file.services)
        for (const auto& p : s.profiles) members[p].push_back(s.name);
    std::map<std::string, std::string> out;
    for (const auto& [name, services] : members) {
        if (std::string problem = yaml::name_problem(name); !problem.empty())
            diags.error(file.find(services.front())->loc,
                        fmt::format("compose profile '{}' is not a valid infractl profile name: {}", name, problem),
                        "rename the profile");
        out[name] = profile_text(name, services, opts);
    }
    if (!out.count("dev")) out["dev"] = profile_text("dev", {}, opts);
    return out;
}

}  // namespace

std::string compose_project_name(const std::string& folder) {
    std::string out;
    for (char c : folder) {
        char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '_' || l == '-') out += l;
    }
    return out;
}

ImportResult compose_to_topology(const File& file, const ImportOptions& opts, Diagnostics& diags) {
    ImportResult result;
    result.stack = stack_of(file, opts, diags);
    ServiceContext ctx{file, opts, result.stack, opts.project.empty(), diags};
    if (!opts.project.empty())
        if (std::string problem = yaml::name_problem(opts.project); !problem.empty())
            diags.error(Location{}, fmt::format("invalid project name '{}': {}", opts.project, problem));
    YamlValue services;
    for (const auto& s : file.services) services.add(s.name, convert_service(s, ctx));
    YamlValue doc;
    doc.add("version", YamlValue::num("1"));
    doc.add("stack", result.stack);
    YamlValue networks = networks_value(file, diags);
    if (!networks.entries.empty()) doc.add("networks", networks);
    if (services.entries.empty()) services = YamlValue::empty_map();
    if (ctx.global) doc.add("globals", services);
    else doc.add("projects", YamlValue{}).add(opts.project, YamlValue{}).add("services", services);
    std::string from;
    for (const auto& p : file.sources) from += (from.empty() ? "" : ", ") + std::filesystem::path(p).filename().string();
    std::vector<std::string> header = {"Written by `infractl import compose` from " + from + "."};
    result.topology = emit_yaml(doc, header);
    result.profiles = profiles_of(file, opts, diags);
    return result;
}

}  // namespace infractl::compose
