#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "infractl/app/inputs.hpp"
#include "infractl/app/offline.hpp"
#include "infractl/core/error.hpp"
#include "support/error_text.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

using namespace infractl;
namespace fs = std::filesystem;

namespace {

using test::ScratchDir;
using test::error_text;

const char* kTopology = R"(version: 1
stack: demo
globals:
  cache:
    image: redis:7-alpine
    volumes: ["cache-data:/data"]
projects:
  web:
    services:
      app:
        image: web:latest
        depends_on: [cache]
)";

}  // namespace

TEST_CASE("inputs: the topology file lookup order", "[app][inputs]") {
    ScratchDir d;
    test::ScopedEnv env("INFRACTL_FILE");
    GlobalOptions g;
    CHECK(error_text([&] { find_topology_file(g); }) ==
          "no topology file: neither ./infractl.yaml nor ./specs/monorepo.yaml exists | pass -f FILE or set "
          "INFRACTL_FILE");
    d.write("specs/monorepo.yaml");
    CHECK(find_topology_file(g) == "specs/monorepo.yaml");
    d.write("infractl.yaml");
    CHECK(find_topology_file(g) == "infractl.yaml");
    d.write("other.yaml");
    env.set("other.yaml");
    read_environment(g);  // the one place the environment is read
    CHECK(find_topology_file(g) == "other.yaml");
    g.file = "specs/monorepo.yaml";
    CHECK(find_topology_file(g) == "specs/monorepo.yaml");
    g.file = "missing.yaml";
    CHECK(error_text([&] { find_topology_file(g); }) ==
          "topology file 'missing.yaml' does not exist | check the path given with -f or INFRACTL_FILE");
}

TEST_CASE("inputs: the profile lookup order", "[app][inputs]") {
    ScratchDir d;
    GlobalOptions g;
    g.profile = "staging";
    d.write("profiles/staging.yaml");
    CHECK(find_profile_file(g, "specs/monorepo.yaml") == "profiles/staging.yaml");
    d.write("specs/profiles/staging.yaml");
    CHECK(find_profile_file(g, "specs/monorepo.yaml") == "specs/profiles/staging.yaml");
    CHECK(find_profile_file(g, "infractl.yaml") == "profiles/staging.yaml");
    g.profile = "specs/profiles/staging.yaml";
    CHECK(find_profile_file(g, "infractl.yaml") == "specs/profiles/staging.yaml");
    g.profile = "stagin";
    CHECK(error_text([&] { find_profile_file(g, "specs/monorepo.yaml"); }) ==
          "profile 'stagin' not found | did you mean 'staging'?; looked for specs/profiles/stagin.yaml and "
          "profiles/stagin.yaml");
    g.profile = "x.yaml";
    CHECK(error_text([&] { find_profile_file(g, "specs/monorepo.yaml"); }) ==
          "profile file 'x.yaml' does not exist | check the path given with --profile or INFRACTL_PROFILE");
}

TEST_CASE("inputs: without a profiles folder the topology is used as written", "[app][inputs]") {
    ScratchDir d;
    d.write("my.yaml", kTopology);
    GlobalOptions g;
    g.file = "my.yaml";
    CHECK(find_profile_file(g, "my.yaml").empty());
    Inputs in = load_inputs(g, {});
    for (const auto& diag : in.diags.all()) UNSCOPED_INFO(diag.str());
    REQUIRE_FALSE(in.diags.has_errors());
    CHECK(in.profile_file.empty());
    CHECK(in.desired.find({"web", "app"})->spec.image == "web:latest");
    CHECK(validate_summary(in) ==
          "my.yaml (no profile): ok, 1 project, 2 services, 2 containers (1 global), 0 networks, 1 volume");
    // A profile that is named and missing is still an error.
    g.profile = "dev";
    CHECK(error_text([&] { find_profile_file(g, "my.yaml"); }) ==
          "profile 'dev' not found | looked for profiles/dev.yaml and ../profiles/dev.yaml");
}

TEST_CASE("inputs: load - validate - resolve - and the validate summary", "[app][inputs]") {
    ScratchDir d;
    test::ScopedEnv env("INFRACTL_IMAGES");
    d.write("infractl.yaml", kTopology);
    d.write("profiles/dev.yaml", "version: 1\nprofile: dev\nimages:\n  \"web:latest\": \"local/web:1\"\n");
    d.write("images.yaml", "images:\n  \"redis:7-alpine\": local/redis:7\n  \"web:latest\": local/web:2\n");
    GlobalOptions g;
    Inputs in = load_inputs(g, {});
    for (const auto& diag : in.diags.all()) UNSCOPED_INFO(diag.str());
    REQUIRE_FALSE(in.diags.has_errors());
    CHECK(validate_summary(in) ==
          "infractl.yaml + profiles/dev.yaml: ok, 1 project, 2 services, 2 containers (1 global), 0 networks, 1 volume");
    CHECK(in.desired.find({"web", "app"})->spec.image == "local/web:1");

    g.images_file = "images.yaml";
    Inputs with_images = load_inputs(g, {});
    REQUIRE_FALSE(with_images.diags.has_errors());
    CHECK(with_images.desired.find({"web", "app"})->spec.image == "local/web:2");
    CHECK(with_images.desired.find({kGlobalProject, "cache"})->spec.image == "local/redis:7");
    CHECK(validate_summary(with_images).rfind("infractl.yaml + profiles/dev.yaml + images.yaml: ok", 0) == 0);

    g.images_file = "";
    env.set("nope.yaml");
    CHECK(load_inputs(g, {}).images_file.empty());  // only read_environment reads the environment
    read_environment(g);
    CHECK(error_text([&] { load_inputs(g, {}); }) ==
          "images file 'nope.yaml' does not exist | check the path given with --images or INFRACTL_IMAGES");
}

TEST_CASE("inputs: problems in the images file are located", "[app][inputs]") {
    ScratchDir d;
    struct Case {
        const char* text;
        const char* expected;
    } cases[] = {
        {"images:\n  - a\n", "images.yaml:2:3: expected a mapping for 'images', got a sequence"},
        {"imagez: {}\n",
         "images.yaml:1:1: unknown key 'imagez' in the images file (hint: the file holds only 'images:' (and "
         "optionally 'version: 1'))"},
        {"version: 2\nimages: {}\n", "images.yaml:1:10: unsupported version 2; this infractl reads version 1"},
        {"images:\n  a: [b]\n",
         "images.yaml:2:6: expected 'image as written: image to run' in 'images' (hint: e.g. \"redis:7-alpine\": "
         "\"infractl-local/redis:7\")"},
    };
    for (const auto& c : cases) {
        d.write("images.yaml", c.text);
        std::map<std::string, std::string> images;
        Diagnostics diags;
        load_images_file("images.yaml", images, diags);
        REQUIRE(diags.all().size() == 1);
        CHECK(diags.all()[0].str() == c.expected);
    }
}
