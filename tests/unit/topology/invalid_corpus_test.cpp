// The bad-input corpus: every file under tests/data/invalid must give at least
// one error, every line must be located ("file:line:col: "), and the first
// error must be the one recorded in tests/data/invalid/EXPECTED.
// Files named *-profile-* are profiles, checked against
// tests/data/valid/monorepo.yaml; the others are topologies. Like the CLI,
// a file that passes validation is resolved too: some profile mistakes (a
// singleton given 3 replicas) only show after the merge.
// EXPECTED is a golden file (support/golden.hpp): after an intended change,
// scripts/update-goldens.sh rewrites it; review the diff by eye.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "infractl/resolve/resolve.hpp"
#include "support/golden.hpp"
#include "support/topology_text.hpp"

using namespace infractl;
namespace fs = std::filesystem;

namespace {

const std::string kDir = std::string(INFRACTL_SOURCE_DIR) + "/tests/data/invalid";
const std::string kTopology = std::string(INFRACTL_SOURCE_DIR) + "/tests/data/valid/monorepo.yaml";

Diagnostics check_file(const std::string& path) {
    Diagnostics diags;
    auto env = test::env_of({});
    if (fs::path(path).filename().string().find("-profile-") != std::string::npos) {
        Profile p = load_profile_file(path, env, diags);
        Diagnostics tdiags;
        Topology t = load_topology_file(kTopology, env, tdiags);
        REQUIRE_FALSE(tdiags.has_errors());
        if (!diags.has_errors()) validate_profile(t, p, diags);
        if (!diags.has_errors()) (void)resolve(t, p, {}, diags);
        return diags;
    }
    Topology t = load_topology_file(path, env, diags);
    if (!diags.has_errors()) validate_topology(t, diags);
    if (!diags.has_errors()) validate_profile(t, Profile{}, diags);
    if (!diags.has_errors()) (void)resolve(t, Profile{}, {}, diags);
    return diags;
}

// Paths in messages depend on the checkout; EXPECTED holds them relative.
std::string relative(std::string line) {
    for (const std::string& from : {kDir + "/", kDir}) {
        std::string to = from == kDir ? "." : "";
        for (std::size_t p; (p = line.find(from)) != std::string::npos;) line.replace(p, from.size(), to);
    }
    return line;
}

std::vector<std::string> corpus_files() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(kDir))
        if (e.path().extension() == ".yaml") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("every file of the invalid corpus gives located errors - the first as recorded", "[loader][corpus]") {
    std::vector<std::string> files = corpus_files();
    CHECK(files.size() >= 50);
    const std::regex located("^[^:]+:[0-9]+:[0-9]+: ");
    std::vector<std::string> firsts;
    for (const auto& path : files) {
        INFO(path);
        Diagnostics diags = check_file(path);
        CHECK(diags.has_errors());
        for (const auto& d : diags.sorted()) {
            INFO(d.str());
            CHECK(std::regex_search(d.str(), located));
        }
        for (const auto& d : diags.sorted()) {
            if (d.severity != Severity::error) continue;
            firsts.push_back(relative(d.str()));
            break;
        }
    }
    std::string text;
    for (const auto& line : firsts) text += line + '\n';
    test::check_golden("tests/data/invalid/EXPECTED", text);
}
