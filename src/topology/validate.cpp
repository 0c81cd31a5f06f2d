#include "infractl/topology/validate.hpp"

#include <map>
#include <tuple>

#include <fmt/format.h>

#include "infractl/topology/service_checks.hpp"
#include "build_checks.hpp"
#include "service_graph.hpp"

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

}  // namespace

void validate_topology(const Topology& topo, Diagnostics& diags) {
    std::vector<ServiceRef> services = list_services(topo);
    for (const auto& ref : services) {
        check_merged_service(*ref.svc, ref.display, ref.project == nullptr, diags);
        check_replicated_ports(ref, diags);
        if (ref.svc->enabled && ref.svc->build) check_build(*ref.svc->build, ref.display, diags);
    }
    check_port_clashes(services, diags);
    ServiceGraph graph = build_graph(services, diags);
    report_cycles(graph, services, diags);
}

}  // namespace infractl
