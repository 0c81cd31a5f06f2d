#include "infractl/app/completion_names.hpp"

#include <iostream>
#include <set>

#include "infractl/attach/targets.hpp"

namespace infractl {

ExitCode run_completion_names(const GlobalOptions& g, const std::optional<std::string>& services_of) {
    Topology topo;
    try {
        topo = read_inputs(g).topology;
    } catch (const Error&) {
        return ExitCode::ok;
    }
    std::set<std::string> names;
    if (!services_of) {
        if (!topo.globals.empty()) names.insert(kGlobalProjectArg);
        for (const auto& p : topo.projects) names.insert(p.name);
    } else if (*services_of == kGlobalProjectArg && topo.find_project(kGlobalProjectArg) == nullptr) {
        for (const auto& s : topo.globals) names.insert(s.name);
    } else if (const Project* p = topo.find_project(*services_of)) {
        for (const auto& s : p->services) names.insert(s.name);
    }
    for (const auto& n : names) std::cout << n << '\n';
    return ExitCode::ok;
}

}  // namespace infractl
