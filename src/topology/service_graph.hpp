#pragma once
// The depends_on graph over every service of a topology, for validation:
// unknown targets (with "did you mean") and cycles (printed in full).
#include <string>
#include <utility>
#include <vector>

#include "infractl/core/diagnostics.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

struct ServiceRef {
    const Service* svc = nullptr;
    const Project* project = nullptr;  // nullptr for a global
    std::string display;               // "redis" or "turfoo/postgres"
};

// Globals first, then each project's services, in file order.
std::vector<ServiceRef> list_services(const Topology& topo);

struct ServiceGraph {
    // edges[i] = (index of the dependency, the depends_on entry), in file order.
    std::vector<std::vector<std::pair<int, const Dependency*>>> edges;
};

// Resolves every depends_on name (same project first, then globals; globals
// see only globals) and reports the unknown ones.
ServiceGraph build_graph(const std::vector<ServiceRef>& services, Diagnostics& diags);
// "dependency cycle: turfoo/a -> turfoo/b -> turfoo/a", located at the first
// depends_on entry of the cycle. Iterative, linear in nodes and edges.
void report_cycles(const ServiceGraph& graph, const std::vector<ServiceRef>& services, Diagnostics& diags);

}  // namespace infractl
