// Import then export: for each compose file of the corpus that infractl can
// express, `docker-compose config` of infractl's export of its import equals
// `docker-compose config` of the original on the supported keys (both
// normalised by tests/e2e/support/compose_normalise.py). Each imported
// topology also passes `infractl validate`. Nothing is started.
#include <filesystem>

#include <catch2/catch.hpp>

#include "compose_support.hpp"

using namespace infractl::e2e;

namespace {

const std::string kCorpus = std::string(INFRACTL_SOURCE_DIR) + "/tests/data/compose";
const std::string kNormalise = std::string(INFRACTL_SOURCE_DIR) + "/tests/e2e/support/compose_normalise.py";

// `docker-compose config` of `files`, normalised.
std::string normal_config(const std::vector<std::string>& files) {
    std::vector<std::string> argv = {"docker-compose"};
    for (const auto& f : files) argv.insert(argv.end(), {"-f", f});
    argv.push_back("config");
    RunResult config = run(argv);
    INFO(config.str());
    REQUIRE(config.exit_code == 0);
    RunOptions in;
    in.stdin_text = config.out;
    RunResult normal = run({"python3", kNormalise}, in);
    INFO(normal.str());
    REQUIRE(normal.exit_code == 0);
    return normal.out;
}

}  // namespace

TEST_CASE("import compose then export compose keeps docker-compose config", "[e2e][compose]") {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
        {"web-db", {"docker-compose.yml"}},
        {"healthchecks-v2", {"docker-compose.yml"}},
        {"networks", {"docker-compose.yml"}},
        {"profiles", {"docker-compose.yml"}},
        {"override", {"docker-compose.yml", "docker-compose.override.yml"}},
        {"extends", {"docker-compose.yml"}},
        {"long-syntax", {"docker-compose.yml"}},
    };
    for (const auto& [name, files] : cases) {
        DYNAMIC_SECTION(name) {
            TempDir dir;
            std::vector<std::string> paths;
            for (const auto& f : files) paths.push_back(kCorpus + "/" + name + "/" + f);
            std::vector<std::string> args = {"import", "compose"};
            args.insert(args.end(), paths.begin(), paths.end());
            args.insert(args.end(), {"-o", dir.path()});
            RunResult imported = run_infractl(args);
            INFO(imported.str());
            REQUIRE(imported.exit_code == 0);
            std::string topo = dir.path() + "/infractl.yaml";
            RunResult valid = run_infractl({"validate", "-f", topo});
            INFO(valid.str());
            REQUIRE(valid.exit_code == 0);
            std::string out = dir.path() + "/exported.yml";
            RunResult exported = run_infractl({"export", "compose", "-f", topo, "-o", out});
            INFO(exported.str());
            REQUIRE(exported.exit_code == 0);
            CHECK(normal_config({out}) == normal_config(paths));
        }
    }
}

TEST_CASE("import compose: bad input and --strict write nothing", "[e2e][compose]") {
    TempDir dir;
    RunResult bad = run_infractl({"import", "compose", kCorpus + "/invalid/image-is-list.yml", "-o", dir.path()});
    INFO(bad.str());
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("image-is-list.yml:3:12: expected a string for 'image', got a sequence") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/infractl.yaml"));

    RunResult strict = run_infractl({"import", "compose", kCorpus + "/secrets/docker-compose.yml", "--strict", "-o", dir.path()});
    INFO(strict.str());
    CHECK(strict.exit_code == 1);
    CHECK(strict.err.find("compose key 'secrets' is not supported") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/infractl.yaml"));

    RunResult lenient = run_infractl({"import", "compose", kCorpus + "/secrets/docker-compose.yml", "-o", dir.path()});
    INFO(lenient.str());
    CHECK(lenient.exit_code == 0);
    CHECK(lenient.err.find("warning: compose key 'secrets' is not supported") != std::string::npos);
    CHECK(std::filesystem::exists(dir.path() + "/infractl.yaml"));
}
