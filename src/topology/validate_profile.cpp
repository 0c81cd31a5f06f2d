#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "suggest.hpp"
#include "infractl/topology/validate.hpp"
#include "service_graph.hpp"

namespace infractl {

namespace {

// Maps from names to the topology's parts, so checking a large profile
// against a large topology stays linear.
struct Index {
    std::unordered_map<std::string, const Project*> projects;
    std::vector<std::string> project_names;
    std::unordered_set<std::string> globals;
    std::vector<std::string> global_names;
    std::unordered_map<const Project*, std::vector<std::string>> service_names;
    std::unordered_set<std::string> project_service_names;  // over all projects
    std::vector<std::string> project_service_list;

    explicit Index(const Topology& t) {
        for (const auto& g : t.globals) {
            globals.insert(g.name);
            global_names.push_back(g.name);
        }
        for (const auto& p : t.projects) {
            projects.emplace(p.name, &p);
            project_names.push_back(p.name);
            for (const auto& s : p.services) {
                service_names[&p].push_back(s.name);
                if (project_service_names.insert(s.name).second) project_service_list.push_back(s.name);
            }
        }
    }
};

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

void check_names(const Index& ix, const Profile& profile, Diagnostics& diags) {
    for (const auto& patch : profile.globals)
        if (!ix.globals.count(patch.name))
            diags.error(patch.loc, fmt::format("unknown global service '{}'", patch.name),
                        suggest(patch.name, ix.global_names));
    for (const auto& patch : profile.project_defaults)
        if (!ix.project_service_names.count(patch.name))
            diags.error(patch.loc, fmt::format("unknown service '{}' in project_defaults: no project has it", patch.name),
                        suggest(patch.name, ix.project_service_list));
    for (const auto& [name, patches] : profile.projects) {
        auto it = ix.projects.find(name);
        if (it == ix.projects.end()) {
            auto loc = profile.project_locs.find(name);
            diags.error(loc == profile.project_locs.end() ? Location{profile.file} : loc->second,
                        fmt::format("unknown project '{}'", name), suggest(name, ix.project_names));
            continue;
        }
        const auto& names = ix.service_names.count(it->second) ? ix.service_names.at(it->second)
                                                                 : std::vector<std::string>{};
        std::unordered_set<std::string> known(names.begin(), names.end());
        for (const auto& patch : patches)
            if (!known.count(patch.name))
                diags.error(patch.loc, fmt::format("unknown service '{}' in project '{}'", patch.name, name),
                            suggest(patch.name, names));
    }
}

void check_network_list(const std::vector<std::string>& list, const Location& loc, const std::string& display,
                        const std::vector<std::string>& known, Diagnostics& diags) {
    for (const auto& n : list) {
        if (contains(known, n)) continue;
        std::string hint = suggest(n, known);
        if (hint.empty()) hint = "declare it under the top-level 'networks' of the topology or the profile";
        diags.error(loc, fmt::format("unknown network '{}' for service '{}'", n, display), hint);
    }
}

void check_networks(const Topology& topo, const Profile& profile, const std::vector<ServiceRef>& services,
                    Diagnostics& diags) {
    std::vector<std::string> known;
    for (const auto& n : topo.networks) known.push_back(n.name);
    for (const auto& n : profile.networks)
        if (!contains(known, n.name)) known.push_back(n.name);
    for (const auto& ref : services) check_network_list(ref.svc->networks, ref.svc->networks_loc, ref.display, known, diags);
    auto patches = [&](const std::vector<ServicePatch>& list, const std::string& prefix) {
        for (const auto& p : list)
            if (p.networks) check_network_list(*p.networks, p.networks_loc, prefix + p.name, known, diags);
    };
    patches(profile.globals, "");
    patches(profile.project_defaults, "");
    for (const auto& [project, list] : profile.projects) patches(list, project + "/");
}

// What the profile leaves of a service's enabled/managed/networks settings:
// the few merged values the checks below need (the resolver does the full merge).
struct Effective {
    bool enabled = true;
    bool managed = false;
    std::vector<std::string> networks;
};

class Layers {
public:
    explicit Layers(const Profile& profile) {
        for (const auto& p : profile.globals) globals_[p.name] = &p;
        for (const auto& p : profile.project_defaults) defaults_[p.name] = &p;
        for (const auto& [project, list] : profile.projects)
            for (const auto& p : list) projects_[project + "/" + p.name] = &p;
    }

    Effective of(const ServiceRef& ref) const {
        Effective e{ref.svc->enabled, false, ref.svc->networks};
        const ServicePatch* layers[2] = {nullptr, nullptr};
        if (ref.project) {
            layers[0] = find(defaults_, ref.svc->name);
            layers[1] = find(projects_, ref.display);
        } else {
            layers[0] = find(globals_, ref.svc->name);
        }
        for (const ServicePatch* p : layers) {
            if (!p) continue;
            if (p->enabled) e.enabled = *p->enabled;
            if (p->managed) e.managed = true;
            if (p->networks) e.networks = *p->networks;
        }
        return e;
    }

private:
    using Map = std::unordered_map<std::string, const ServicePatch*>;
    static const ServicePatch* find(const Map& map, const std::string& key) {
        auto it = map.find(key);
        return it == map.end() ? nullptr : it->second;
    }
    Map globals_, defaults_, projects_;
};

// An image is needed by every service the profile leaves enabled and unmanaged.
void check_image(const ServiceRef& ref, const Effective& e, Diagnostics& diags) {
    if (ref.svc->image.empty() && !ref.svc->build && e.enabled && !e.managed)
        diags.error(ref.svc->loc, fmt::format("service '{}' has no image", ref.display),
                    "add 'image: <name>:<tag>', or disable it or make it managed in the profile");
}

// A port published on every interface makes a service of an internal network
// reachable from outside after all; that needs explicit consent.
void check_exposure(const Topology& topo, const Profile& profile, const ServiceRef& ref, const Effective& e,
                    Diagnostics& diags) {
    if (!e.enabled || e.managed || ref.svc->expose_publicly || ref.svc->ports.empty()) return;
    std::string internal;
    auto is_internal = [&](const std::string& name) {
        std::optional<bool> flag;
        for (const auto& n : topo.networks)
            if (n.name == name) flag = n.internal;
        for (const auto& n : profile.networks)
            if (n.name == name && n.internal) flag = *n.internal;
        return flag.value_or(false);
    };
    std::vector<std::string> nets = e.networks;
    if (nets.empty()) {
        for (const auto& n : topo.networks) nets.push_back(n.name);
        for (const auto& n : profile.networks) nets.push_back(n.name);
    }
    for (const auto& n : nets)
        if (internal.empty() && is_internal(n)) internal = n;
    if (internal.empty()) return;
    for (const auto& p : ref.svc->ports) {
        const std::string& ip = p.host_ip.empty() ? profile.default_host_ip : p.host_ip;
        if (!ip.empty() && ip != "0.0.0.0" && ip != "::") continue;
        diags.warning(p.loc,
                      fmt::format("'{}' is on internal network '{}' but publishes port {} on all interfaces",
                                  ref.display, internal, p.container_port),
                      "bind it to an address such as 127.0.0.1, or set expose_publicly: true");
    }
}

}  // namespace

void validate_profile(const Topology& topo, const Profile& profile, Diagnostics& diags) {
    Index ix(topo);
    std::vector<ServiceRef> services = list_services(topo);
    check_names(ix, profile, diags);
    check_networks(topo, profile, services, diags);
    Layers layers(profile);
    for (const auto& ref : services) {
        Effective e = layers.of(ref);
        check_image(ref, e, diags);
        check_exposure(topo, profile, ref, e, diags);
    }
}

}  // namespace infractl
