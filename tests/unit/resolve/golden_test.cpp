// The bundled example (specs/monorepo.yaml) resolved with each profile and
// rendered, compared byte for byte with tests/golden/render-<profile>.{txt,json}.
// After an intended change: INFRACTL_UPDATE_GOLDEN=1 ./unit_tests "[golden]",
// then review the diff of tests/golden/ like code.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "infractl/plan/render.hpp"
#include "infractl/resolve/resolve.hpp"
#include "infractl/topology/loader.hpp"
#include "infractl/topology/validate.hpp"

using namespace infractl;

namespace {

const std::string kRoot = INFRACTL_SOURCE_DIR;

// Golden output must not depend on the developer's shell: every ${VAR} takes its default.
EnvLookup no_env() {
    return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

DesiredState resolve_example(const std::string& profile) {
    Diagnostics diags;
    Topology topo = load_topology_file(kRoot + "/specs/monorepo.yaml", no_env(), diags);
    Profile prof = load_profile_file(kRoot + "/profiles/" + profile + ".yaml", no_env(), diags);
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

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void compare_golden(const std::string& name, const std::string& actual) {
    const std::string path = kRoot + "/tests/golden/" + name;
    const char* update = std::getenv("INFRACTL_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
        WARN("rewrote " << path);
        return;
    }
    INFO("golden file " << path << " (INFRACTL_UPDATE_GOLDEN=1 rewrites it)");
    CHECK(read(path) == actual);
}

}  // namespace

TEST_CASE("golden: render of the example with each profile", "[resolve][golden]") {
    for (const std::string profile : {"dev", "staging", "prod"}) {
        INFO("profile " << profile);
        DesiredState state = resolve_example(profile);
        compare_golden("render-" + profile + ".txt", render_state_text(state, RenderOptions{}));
        compare_golden("render-" + profile + ".json", render_state_json(state, RenderOptions{}));
    }
}

TEST_CASE("golden: resolving twice gives byte-identical renders", "[resolve][golden]") {
    for (const std::string profile : {"dev", "staging", "prod"}) {
        INFO("profile " << profile);
        RenderOptions show{false, true};
        CHECK(render_state_text(resolve_example(profile), show) == render_state_text(resolve_example(profile), show));
        CHECK(render_state_json(resolve_example(profile), show) == render_state_json(resolve_example(profile), show));
    }
}

TEST_CASE("golden: the example's shape per profile", "[resolve][golden]") {
    DesiredState dev = resolve_example("dev");
    CHECK(dev.services.size() == 9);
    CHECK(dev.networks.size() == 1);
    DesiredState staging = resolve_example("staging");
    CHECK(staging.find({"turfoo", "celery-worker"})->containers.size() == 3);
    CHECK(staging.disabled.size() == 1);
    DesiredState prod = resolve_example("prod");
    CHECK(prod.managed.size() == 4);
    CHECK(prod.services.size() == 4);
    CHECK(prod.find({"order", "celery-worker"})->spec.environment.at("CELERY_BROKER_URL").value ==
          "redis://cache.prod.internal:6379/0");
    CHECK(prod.find({"order", "celery-beat"})->spec.networks ==
          std::vector<std::string>{"monorepo_app", "monorepo_data"});
}
