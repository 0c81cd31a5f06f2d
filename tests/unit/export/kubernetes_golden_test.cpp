// The example (specs/monorepo.yaml) exported with each profile, compared
// byte for byte with tests/golden/k8s-*.yaml. This test never writes a
// golden: after an intended change run scripts/update-k8s-goldens.sh and
// review the diff of tests/golden/ like code.
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "export_fixtures.hpp"

using namespace infractl;
using namespace infractl::k8s;

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// Empty when equal; else where they part, with two lines of context, diff-style.
std::string first_difference(const std::string& expected, const std::string& actual) {
    if (expected == actual) return "";
    std::vector<std::string> e = lines(expected), a = lines(actual);
    std::size_t i = 0;
    while (i < e.size() && i < a.size() && e[i] == a[i]) ++i;
    std::ostringstream out;
    out << "first difference at line " << i + 1 << " (golden " << e.size() << " lines, export " << a.size()
        << " lines):\n";
    for (std::size_t k = i >= 2 ? i - 2 : 0; k < i; ++k) out << "  " << e[k] << '\n';
    for (std::size_t k = i; k < std::min(e.size(), i + 3); ++k) out << "- " << e[k] << '\n';
    for (std::size_t k = i; k < std::min(a.size(), i + 3); ++k) out << "+ " << a[k] << '\n';
    return out.str();
}

}  // namespace

TEST_CASE("golden: kubernetes export of the example with each profile", "[export][golden]") {
    static const struct {
        const char* profile;
        Autoscaler autoscaler;
        const char* golden;
    } cases[] = {
        {"dev", Autoscaler::hpa, "k8s-dev.yaml"},
        {"staging", Autoscaler::hpa, "k8s-staging.yaml"},
        {"prod", Autoscaler::hpa, "k8s-prod.yaml"},
        {"prod", Autoscaler::keda, "k8s-prod-keda.yaml"},
    };
    for (const auto& c : cases) {
        KubernetesOptions opts;
        opts.autoscaler = c.autoscaler;
        std::string actual = emit_stream(export_kubernetes(test::example_state(c.profile), opts).objects);
        const std::string path = std::string(INFRACTL_SOURCE_DIR) + "/tests/golden/" + c.golden;
        INFO("golden file " << path << " (scripts/update-k8s-goldens.sh rewrites it; review the diff)");
        std::string diff = first_difference(read(path), actual);
        INFO(diff);
        CHECK(diff.empty());
    }
}
