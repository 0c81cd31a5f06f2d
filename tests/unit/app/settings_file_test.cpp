// The env file beside the topology (specs/infractl.env): its syntax, which
// settings it gives, and that the flags and the process environment win.
#include <catch2/catch.hpp>

#include "infractl/app/inputs.hpp"
#include "infractl/app/settings_file.hpp"
#include "infractl/core/error.hpp"
#include "support/error_text.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

using namespace infractl;

using test::error_text;

namespace {

const char* kEnvFile = R"(# written by scripts/up.sh
export INFRACTL_IMAGES=../profiles/images-local.yaml
INFRACTL_PROFILE="staging"
INFRACTL_STATE_DIR='state'

TURFOO_DB_PASSWORD = "s3cret # not a comment"
)";

}  // namespace

TEST_CASE("env file: comments, quotes, export prefix; paths relative to its folder", "[app][envfile]") {
    test::ScratchDir d;
    test::ScopedEnv file("INFRACTL_FILE"), profile("INFRACTL_PROFILE"), images("INFRACTL_IMAGES"),
        state("INFRACTL_STATE_DIR");
    d.write("specs/monorepo.yaml", "version: 1\nstack: s\n");
    d.write("specs/infractl.env", kEnvFile);
    GlobalOptions g;
    read_environment(g);
    CHECK(g.env_file == "specs/infractl.env");
    CHECK(g.images_file == "profiles/images-local.yaml");
    CHECK(g.profile == "staging");  // a name, not a path: kept as written
    CHECK(g.state_dir == "specs/state");
    CHECK(g.env_file_vars.at("TURFOO_DB_PASSWORD") == "s3cret # not a comment");
    CHECK(interpolation_env(g)("TURFOO_DB_PASSWORD") == std::optional<std::string>("s3cret # not a comment"));
    CHECK(interpolation_env(g)("NOT_THERE") == std::nullopt);
}

TEST_CASE("env file: a flag, then the process environment, win over it", "[app][envfile]") {
    test::ScratchDir d;
    test::ScopedEnv file("INFRACTL_FILE"), profile("INFRACTL_PROFILE", "prod"), images("INFRACTL_IMAGES"),
        pw("TURFOO_DB_PASSWORD", "from-process");
    d.write("infractl.yaml", "version: 1\nstack: s\n");
    d.write("infractl.env", kEnvFile);
    GlobalOptions g;
    g.images_file = "given-with-images.yaml";  // as --images sets it before read_environment
    read_environment(g);
    CHECK(g.env_file == "infractl.env");
    CHECK(g.images_file == "given-with-images.yaml");
    CHECK(g.profile == "prod");
    CHECK(interpolation_env(g)("TURFOO_DB_PASSWORD") == std::optional<std::string>("from-process"));
}

TEST_CASE("env file: found beside the topology that -f names; none is fine", "[app][envfile]") {
    test::ScratchDir d;
    test::ScopedEnv file("INFRACTL_FILE"), images("INFRACTL_IMAGES");
    d.write("elsewhere/top.yaml", "version: 1\nstack: s\n");
    d.write("elsewhere/infractl.env", "INFRACTL_IMAGES=/abs/images.yaml\n");
    GlobalOptions g;
    g.file = "elsewhere/top.yaml";
    read_environment(g);
    CHECK(g.images_file == "/abs/images.yaml");

    GlobalOptions none;
    none.file = "missing.yaml";
    read_environment(none);
    CHECK(none.env_file.empty());
}

TEST_CASE("env file: bad lines are one located error", "[app][envfile]") {
    test::ScratchDir d;
    test::ScopedEnv file("INFRACTL_FILE");
    d.write("infractl.yaml", "version: 1\nstack: s\n");
    GlobalOptions g;
    d.write("infractl.env", "# ok\nINFRACTL_PROFILE=dev\nthis is not a setting\n");
    CHECK(error_text([&] { read_environment(g); }) ==
          "infractl.env:3:1: expected KEY=VALUE | lines are KEY=VALUE, '# comments' and blank lines");
    d.write("infractl.env", "INFRACTL_FILE=other.yaml\n");
    CHECK(error_text([&] { read_environment(g); }) ==
          "infractl.env:1:1: INFRACTL_FILE cannot be set in the env file | the env file is found beside the topology "
          "file; choose that with -f or INFRACTL_FILE");
}
