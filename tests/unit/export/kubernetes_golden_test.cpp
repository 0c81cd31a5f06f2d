// The example (specs/monorepo.yaml) exported with each profile, compared
// byte for byte with tests/golden/k8s-*.yaml. This test never writes a
// golden: after an intended change run scripts/update-goldens.sh and
// review the diff of tests/golden/ like code.
#include <catch2/catch.hpp>

#include "export_fixtures.hpp"
#include "support/golden.hpp"

using namespace infractl;
using namespace infractl::k8s;

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
        DesiredState state = test::example_state(c.profile);
        std::string actual = emit_stream(export_kubernetes(state, opts).objects);
        test::check_golden(std::string("tests/golden/") + c.golden, test::portable(state, actual));
    }
}
