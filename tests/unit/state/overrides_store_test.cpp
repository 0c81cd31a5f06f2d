#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "infractl/core/error.hpp"
#include "infractl/state/overrides_store.hpp"
#include "infractl/state/state_dir.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

using namespace infractl;
using test::TempDir;

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("overrides store: round trip - set and reset") {
    TempDir dir;
    OverridesStore store(dir.path + "/nested/state", "monorepo", "dev");
    CHECK(store.load().empty());  // no file yet
    store.set("turfoo/celery-worker", {5, 1});
    store.set("order/celery-worker", {3, 2});
    Overrides o = store.load();
    REQUIRE(o.size() == 2);
    CHECK(o["turfoo/celery-worker"].replicas == 5);
    CHECK(o["turfoo/celery-worker"].base == 1);
    CHECK(read(store.path()) ==
          "{\n"
          "  \"format_version\": 1,\n"
          "  \"stack\": \"monorepo\",\n"
          "  \"profile\": \"dev\",\n"
          "  \"overrides\": {\n"
          "    \"order/celery-worker\": {\n"
          "      \"replicas\": 3,\n"
          "      \"base\": 2\n"
          "    },\n"
          "    \"turfoo/celery-worker\": {\n"
          "      \"replicas\": 5,\n"
          "      \"base\": 1\n"
          "    }\n"
          "  }\n"
          "}\n");
    CHECK(store.reset("order/celery-worker"));
    CHECK_FALSE(store.reset("order/celery-worker"));
    CHECK(store.load().size() == 1);
    CHECK(store.reset("turfoo/celery-worker"));
    CHECK_FALSE(std::filesystem::exists(store.path()));  // nothing remembered: no file
}

TEST_CASE("overrides store: a count belongs to the profile it was made under") {
    TempDir dir;
    OverridesStore dev(dir.path, "monorepo", "dev");
    OverridesStore staging(dir.path, "monorepo", "staging");
    OverridesStore none(dir.path, "monorepo", "");
    OverridesStore odd(dir.path, "monorepo", "a/b c");
    dev.set("turfoo/celery-worker", {10, 1});
    CHECK(staging.load().empty());
    CHECK(dev.load().at("turfoo/celery-worker").replicas == 10);
    CHECK(dev.path() == dir.path + "/monorepo.dev.overrides.json");
    CHECK(none.path() == dir.path + "/monorepo.default.overrides.json");
    CHECK(odd.path() == dir.path + "/monorepo.a_b_c.overrides.json");
}

TEST_CASE("overrides store: writes replace the file whole (temp file + rename)") {
    TempDir dir;
    OverridesStore store(dir.path, "monorepo", "dev");
    store.set("turfoo/celery-worker", {5, 1});
    std::string before = read(store.path());
    // A hard link keeps the old inode: an in-place write would change it too.
    std::string link = dir.path + "/old-copy";
    REQUIRE(::link(store.path().c_str(), link.c_str()) == 0);
    store.set("turfoo/celery-worker", {7, 1});
    CHECK(read(link) == before);
    CHECK(store.load()["turfoo/celery-worker"].replicas == 7);
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path)) {
        (void)e;
        ++files;
    }
    CHECK(files == 2);  // the file and the test's link: no temp file left behind
}

TEST_CASE("overrides store: a corrupt file is an error naming it") {
    TempDir dir;
    OverridesStore store(dir.path, "monorepo", "dev");
    std::ofstream(store.path()) << "{not json";
    try {
        store.load();
        FAIL("loaded a corrupt file");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::invalid_input);
        CHECK(std::string(e.what()).rfind("cannot read " + store.path() + ": ", 0) == 0);
        CHECK(e.hint() == "fix it, or delete it to forget every remembered scale");
    }
}

TEST_CASE("state dir: explicit - then INFRACTL_STATE_DIR - XDG_STATE_HOME - HOME") {
    test::ScopedEnv state("INFRACTL_STATE_DIR", "/s"), xdg("XDG_STATE_HOME", "/x"), home("HOME", "/h");
    CHECK(resolve_state_dir("/explicit") == "/explicit");
    CHECK(resolve_state_dir("") == "/s");
    state.unset();
    CHECK(resolve_state_dir("") == "/x/infractl");
    xdg.unset();
    CHECK(resolve_state_dir("") == "/h/.local/state/infractl");
    home.unset();
    CHECK_THROWS_AS(resolve_state_dir(""), Error);
}
