// Catch2's main, after clearing what infractl reads from the environment
// (every INFRACTL_* variable, DOCKER_HOST, NO_COLOR): no unit test may depend
// on the shell that started it (`export INFRACTL_IMAGES=...` from
// scripts/up.sh, a DOCKER_HOST). A test that needs one sets it with
// support/scoped_env.hpp.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

extern char** environ;

int main(int argc, char** argv) {
    std::vector<std::string> names;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string kv(*e);
        std::string name = kv.substr(0, kv.find('='));
        if (name.rfind("INFRACTL_", 0) == 0 || name == "DOCKER_HOST" || name == "NO_COLOR")
            names.push_back(name);
    }
    for (const auto& n : names) ::unsetenv(n.c_str());  // not while walking environ: unsetenv moves it
    return Catch::Session().run(argc, argv);
}
