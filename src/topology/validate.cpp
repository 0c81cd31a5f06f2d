#include "infractl/topology/validate.hpp"

#include <map>
#include <tuple>

#include <fmt/format.h>

#include "infractl/topology/service_checks.hpp"
#include "build_checks.hpp"
#include "service_graph.hpp"
#include "suggest.hpp"

namespace infractl {

namespace {

bool wildcard_ip(const std::string& ip) { return ip.empty() || ip == "0.0.0.0" || ip == "::"; }

// Two services binding one host port fail at start; "" (the profile's default
// IP) and 0.0.0.0 clash with every address. Keyed by port and protocol, so the
// work is linear in the number of ports.
void check_port_clashes(const std::vector<ServiceRef>& services, Diagnostics& diags) {
    struct Published {
        std::string ip;
        const std::string* display;
        int line;
    };
    std::map<std::pair<int, std::string>, std::vector<Published>> seen;
    for (const auto& ref : services) {
        if (!ref.svc->enabled) continue;
        for (const auto& p : ref.svc->ports) {
            if (p.host_port == 0) continue;
            auto& list = seen[{p.host_port, p.protocol}];
            bool reported = false;
            for (const auto& other : list) {
                if (reported || !(other.ip == p.host_ip || wildcard_ip(other.ip) || wildcard_ip(p.host_ip))) continue;
                diags.error(p.loc,
                            fmt::format("host port {}{} is already published by '{}' (line {})", p.host_port,
                                        p.protocol == "tcp" ? "" : "/" + p.protocol, *other.display, other.line),
                            "give one of them another host port");
                reported = true;
            }
            list.push_back({p.host_ip, &ref.display, p.loc.line});
        }
    }
}

// A fixed host port can be bound once: replicas would fight over it.
void check_replicated_ports(const ServiceRef& ref, Diagnostics& diags) {
    const Service& s = *ref.svc;
    if (!s.enabled || s.replicas <= 1) return;
    for (const auto& p : s.ports) {
        if (p.host_port == 0) continue;
        diags.error(p.loc,
                    fmt::format("host port {} cannot be published by {} replicas of '{}'", p.host_port, s.replicas,
                                ref.display),
                    fmt::format("publish only the container port ('{}'), or run one replica", p.container_port));
    }
}

// Every secret a service uses is declared, and no two land on one file.
void check_secret_uses(const Topology& topo, const ServiceRef& ref, Diagnostics& diags) {
    std::vector<std::string> declared;
    for (const auto& s : topo.secrets) declared.push_back(s.name);
    std::map<std::string, int> targets;  // target -> line of its first use
    for (const auto& use : ref.svc->secrets) {
        if (use.source.empty()) continue;  // the loader reported it
        if (topo.find_secret(use.source) == nullptr) {
            std::string hint = suggest(use.source, declared);
            if (hint.empty()) hint = "declare it in the top-level 'secrets:' with 'file:' or 'environment:'";
            diags.error(use.loc, fmt::format("'{}' uses secret '{}', which is not declared", ref.display, use.source),
                        hint);
        }
        auto [it, fresh] = targets.emplace(use.target, use.loc.line);
        if (!fresh)
            diags.error(use.loc,
                        fmt::format("'{}' mounts two secrets at /run/secrets/{} (line {})", ref.display, use.target,
                                    it->second),
                        "give one of them another 'target'");
    }
}

}  // namespace

void validate_topology(const Topology& topo, Diagnostics& diags) {
    std::vector<ServiceRef> services = list_services(topo);
    for (const auto& ref : services) {
        check_merged_service(*ref.svc, ref.display, ref.project == nullptr, diags);
        check_replicated_ports(ref, diags);
        if (ref.svc->enabled && ref.svc->build) check_build(*ref.svc->build, ref.display, diags);
        check_secret_uses(topo, ref, diags);
    }
    check_port_clashes(services, diags);
    ServiceGraph graph = build_graph(services, diags);
    report_cycles(graph, services, diags);
}

}  // namespace infractl
