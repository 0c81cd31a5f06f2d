// libFuzzer entry point: any bytes, as a topology and as a profile, must give
// diagnostics (never a crash, hang or unbounded allocation).
// Build: CXX=clang++ cmake -S . -B build-fuzz -DINFRACTL_FUZZ=ON
//        -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined
//        ninja -C build-fuzz fuzz_topology
// Run:   build-fuzz/fuzz_topology -max_total_time=30 tests/fuzz/corpus
#include <cstddef>
#include <cstdint>
#include <string>

#include "infractl/topology/loader.hpp"
#include "infractl/topology/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    infractl::EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
        if (name == "SET") return std::string("value");
        return std::nullopt;
    };
    infractl::Diagnostics diags;
    infractl::Topology topo = infractl::load_topology_text(text, "fuzz.yaml", env, diags);
    if (!diags.has_errors()) infractl::validate_topology(topo, diags);
    infractl::Diagnostics pdiags;
    infractl::Profile profile = infractl::load_profile_text(text, "fuzz.yaml", env, pdiags);
    if (!diags.has_errors() && !pdiags.has_errors()) infractl::validate_profile(topo, profile, pdiags);
    for (const auto& d : diags.sorted()) (void)d.str();
    for (const auto& d : pdiags.sorted()) (void)d.str();
    return 0;
}
