#include "service_graph.hpp"

#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include "suggest.hpp"

namespace infractl {

std::vector<ServiceRef> list_services(const Topology& topo) {
    std::vector<ServiceRef> out;
    for (const auto& g : topo.globals) out.push_back({&g, nullptr, g.name});
    for (const auto& p : topo.projects)
        for (const auto& s : p.services) out.push_back({&s, &p, p.name + "/" + s.name});
    return out;
}

namespace {

struct Scope {
    std::unordered_map<std::string, int> by_name;
    std::vector<std::string> names;
};

std::string unknown_dependency_hint(const std::string& name, const ServiceRef& from, const Scope& project,
                                    const Scope& globals, const std::unordered_set<std::string>& project_names) {
    std::vector<std::string> candidates = globals.names;
    if (from.project) candidates.insert(candidates.end(), project.names.begin(), project.names.end());
    std::string hint = suggest(name, candidates);
    if (hint.empty() && !from.project && project_names.count(name))
        hint = "a global may depend only on other globals";
    return hint;
}

}  // namespace

ServiceGraph build_graph(const std::vector<ServiceRef>& services, Diagnostics& diags) {
    Scope globals;
    std::unordered_map<const Project*, Scope> projects;
    std::unordered_set<std::string> project_names;
    for (int i = 0; i < static_cast<int>(services.size()); ++i) {
        const ServiceRef& ref = services[static_cast<std::size_t>(i)];
        Scope& scope = ref.project ? projects[ref.project] : globals;
        scope.by_name.emplace(ref.svc->name, i);
        scope.names.push_back(ref.svc->name);
        if (ref.project) project_names.insert(ref.svc->name);
    }
    ServiceGraph g;
    g.edges.resize(services.size());
    static const Scope empty;
    for (std::size_t i = 0; i < services.size(); ++i) {
        const ServiceRef& ref = services[i];
        const Scope& own = ref.project ? projects[ref.project] : empty;
        for (const auto& dep : ref.svc->depends_on) {
            int target = -1;
            if (auto it = own.by_name.find(dep.service); it != own.by_name.end()) target = it->second;
            else if (auto jt = globals.by_name.find(dep.service); jt != globals.by_name.end()) target = jt->second;
            if (target < 0) {
                diags.error(dep.loc,
                            fmt::format("service '{}' depends on unknown service '{}'", ref.display, dep.service),
                            unknown_dependency_hint(dep.service, ref, own, globals, project_names));
                continue;
            }
            g.edges[i].emplace_back(target, &dep);
        }
    }
    return g;
}

void report_cycles(const ServiceGraph& graph, const std::vector<ServiceRef>& services, Diagnostics& diags) {
    enum Color : char { white, grey, black };
    std::vector<Color> color(services.size(), white);
    struct Frame {
        int node;
        std::size_t next;
    };
    for (std::size_t root = 0; root < services.size(); ++root) {
        if (color[root] != white) continue;
        std::vector<Frame> stack{{static_cast<int>(root), 0}};
        color[root] = grey;
        while (!stack.empty()) {
            Frame& f = stack.back();
            const auto& out = graph.edges[static_cast<std::size_t>(f.node)];
            if (f.next == out.size()) {
                color[static_cast<std::size_t>(f.node)] = black;
                stack.pop_back();
                continue;
            }
            auto [to, dep] = out[f.next++];
            if (color[static_cast<std::size_t>(to)] == white) {
                color[static_cast<std::size_t>(to)] = grey;
                stack.push_back({to, 0});
                continue;
            }
            if (color[static_cast<std::size_t>(to)] == black) continue;
            // A back edge: the cycle is the stack from `to` to here, then `to`.
            std::size_t start = 0;
            while (stack[start].node != to) ++start;
            std::string path;
            for (std::size_t k = start; k < stack.size(); ++k)
                path += services[static_cast<std::size_t>(stack[k].node)].display + " -> ";
            path += services[static_cast<std::size_t>(to)].display;
            const Frame& first = stack[start];
            const Dependency* first_dep =
                first.node == f.node ? dep : graph.edges[static_cast<std::size_t>(first.node)][first.next - 1].second;
            diags.error(first_dep->loc, "dependency cycle: " + path,
                        "remove one of these depends_on entries");
        }
    }
}

}  // namespace infractl
