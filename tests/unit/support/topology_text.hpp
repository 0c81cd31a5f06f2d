#pragma once
// Helpers shared by the topology unit tests: load YAML text with a fixed
// environment and return every diagnostic as the user would see it.
#include <map>
#include <string>
#include <vector>

#include "infractl/topology/loader.hpp"
#include "infractl/topology/validate.hpp"

namespace infractl::test {

inline EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

inline std::vector<std::string> lines_of(const Diagnostics& diags) {
    std::vector<std::string> out;
    for (const auto& d : diags.sorted()) out.push_back(d.str());
    return out;
}

// Loads and validates a topology; returns the diagnostics, sorted.
inline std::vector<std::string> topology_problems(const std::string& yaml,
                                                  const std::map<std::string, std::string>& vars = {}) {
    Diagnostics diags;
    Topology t = load_topology_text(yaml, "t.yaml", env_of(vars), diags);
    if (!diags.has_errors()) validate_topology(t, diags);
    return lines_of(diags);
}

}  // namespace infractl::test
