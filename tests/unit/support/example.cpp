#include "example.hpp"

#include <catch2/catch.hpp>

#include "golden.hpp"
#include "infractl/resolve/resolve.hpp"
#include "infractl/topology/loader.hpp"
#include "infractl/topology/validate.hpp"
#include "topology_text.hpp"

namespace infractl::test {

EnvLookup no_env() { return env_of({}); }

DesiredState resolve_example(const std::string& profile) {
    Diagnostics diags;
    Topology topo = load_topology_file(source_path("specs/monorepo.yaml"), no_env(), diags);
    Profile prof = load_profile_file(source_path("profiles/" + profile + ".yaml"), no_env(), diags);
    if (!diags.has_errors()) {
        validate_topology(topo, diags);
        validate_profile(topo, prof, diags);
    }
    DesiredState state;
    if (!diags.has_errors()) state = resolve(topo, prof, {}, diags);
    for (const auto& d : diags.sorted()) UNSCOPED_INFO(d.str());
    CHECK(diags.all().empty());
    return state;
}

}  // namespace infractl::test
