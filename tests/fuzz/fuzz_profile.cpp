// libFuzzer entry point for profiles: any bytes, as a profile applied to the
// fixed sample topology (tests/data/valid/monorepo.yaml), must give
// diagnostics or a desired state, never a crash, hang or unbounded
// allocation. Unlike fuzz_topology it goes on past validation: the merge,
// resolve and both renders of the desired state run on every profile that
// validates, since a profile's values reach them unchecked by the loader.
// Build and run: scripts/fuzz.sh SECONDS (see there).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "infractl/plan/render.hpp"
#include "infractl/resolve/resolve.hpp"
#include "infractl/topology/loader.hpp"
#include "infractl/topology/validate.hpp"

namespace {

std::optional<std::string> fuzz_env(const std::string& name) {
    if (name == "SET") return std::string("value");
    if (name == "TURFOO_DB_PASSWORD") return std::string("s3cret");
    return std::nullopt;
}

const infractl::Topology& sample_topology() {
    static const infractl::Topology topo = [] {
        infractl::Diagnostics diags;
        auto t = infractl::load_topology_file(std::string(INFRACTL_SOURCE_DIR) + "/tests/data/valid/monorepo.yaml",
                                              fuzz_env, diags);
        if (diags.has_errors()) std::abort();  // the fuzz target is useless without its topology
        return t;
    }();
    return topo;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const infractl::Topology& topo = sample_topology();
    std::string text(reinterpret_cast<const char*>(data), size);
    infractl::Diagnostics diags;
    infractl::Profile profile = infractl::load_profile_text(text, "fuzz.yaml", fuzz_env, diags);
    if (!diags.has_errors()) infractl::validate_profile(topo, profile, diags);
    if (!diags.has_errors()) {
        infractl::DesiredState state = infractl::resolve(topo, profile, {}, diags);
        if (!diags.has_errors()) {
            (void)infractl::render_state_text(state, {});
            (void)infractl::render_state_json(state, {});
        }
    }
    for (const auto& d : diags.sorted()) (void)d.str();
    return 0;
}
