// DesiredState -> compose file: the bundled example per profile against its
// golden, and the rules that a golden does not show at a glance.
#include <catch2/catch.hpp>

#include "corpus.hpp"
#include "infractl/compose/desired_to_compose.hpp"
#include "infractl/compose/yaml_out.hpp"
#include "infractl/resolve/resolve.hpp"
#include "infractl/topology/loader.hpp"
#include "infractl/topology/validate.hpp"

using namespace infractl;
using namespace compose_test;

namespace {

EnvLookup no_env() {
    return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

// `path`: where relative paths in the topology (secret files) are found.
DesiredState resolve_text(const std::string& topology, const std::string& profile,
                          const std::string& path = "/t/infractl.yaml") {
    Diagnostics diags;
    Topology topo = load_topology_text(topology, path, no_env(), diags);
    Profile prof = load_profile_text(profile, "/t/profiles/dev.yaml", no_env(), diags);
    validate_topology(topo, diags);
    validate_profile(topo, prof, diags);
    DesiredState d;
    if (!diags.has_errors()) d = resolve(topo, prof, {}, diags);
    for (const auto& x : diags.sorted()) UNSCOPED_INFO(x.str());
    REQUIRE_FALSE(diags.has_errors());
    return d;
}

DesiredState resolve_example(const std::string& profile) {
    const std::string topology = std::string(INFRACTL_SOURCE_DIR) + "/specs/monorepo.yaml";
    return resolve_text(read_file(topology),
                        read_file(std::string(INFRACTL_SOURCE_DIR) + "/profiles/" + profile + ".yaml"), topology);
}

}  // namespace

TEST_CASE("export compose of the bundled example matches its golden", "[compose][golden]") {
    check_golden("export/monorepo-dev.yml", compose::desired_to_compose(resolve_example("dev")).text);
    check_golden("export/monorepo-prod.yml", compose::desired_to_compose(resolve_example("prod")).text);
    check_golden("export/monorepo-staging-turfoo.yml",
                 compose::desired_to_compose(resolve_example("staging"), "turfoo").text);
}

TEST_CASE("export compose escapes $, names containers and counts secrets", "[compose]") {
    DesiredState d = resolve_text(R"(version: 1
stack: s
networks: {net: {}}
globals:
  cache:
    image: redis:7
    command: ["sh", "-c", "echo $$HOME"]
    environment: {API_KEY: k, PLAIN: "a$$b"}
projects:
  p:
    services:
      worker: {image: w:1, replicas: 2, depends_on: [cache]}
      one: {image: w:1}
)",
                                  "version: 1\nprofile: dev\ndefault_host_ip: 127.0.0.1\n");
    compose::ExportResult r = compose::desired_to_compose(d);
    CHECK(r.secret_values == 1);
    CHECK(r.text.find("command: [sh, -c, echo $$HOME]") != std::string::npos);
    CHECK(r.text.find("PLAIN: a$$b") != std::string::npos);
    CHECK(r.text.find("container_name: p-one-1") != std::string::npos);
    CHECK(r.text.find("container_name: s-cache") != std::string::npos);
    CHECK(r.text.find("replicas: 2") != std::string::npos);
    CHECK(r.text.find("io.infractl.") == std::string::npos);
    CHECK(compose::desired_to_compose(d, "p").text.find("  cache:") != std::string::npos);  // a dependency of p
}

TEST_CASE("strings that YAML 1.1 reads as something else are quoted", "[compose]") {
    static const struct {
        const char* text;
        bool quoted;
    } cases[] = {
        {"no", true},     {"On", true},      {"y", true},      {"~", true},     {"", true},
        {"5432", true},   {"80:80", true},   {"0.5", true},    {"1e3", true},   {"0x1F", true},
        {" lead", true},  {"redis:7", false}, {"nginx", false}, {"true-ish", false}, {"postgres://a@b", false},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(compose::needs_quotes(c.text) == c.quoted);
    }
}
