// The shell completions and the man page (issue 13, item 8), with the real
// shells: each script parses (bash -n, zsh -n, fish -n), and bash and fish
// complete a command from its first letters and project and service names
// read from the topology. Needs no engine.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;

namespace {

std::string bin_dir() {
    std::string b = INFRACTL_BINARY;
    return b.substr(0, b.rfind('/'));
}

// infractl on PATH, as an installed completion finds it.
RunOptions with_path() {
    const char* path = std::getenv("PATH");
    return {.env = {{"PATH", bin_dir() + ":" + (path ? path : "/usr/bin:/bin")}}};
}

std::string script(const TempDir& dir, const std::string& shell) {
    RunResult r = run_infractl({"completion", shell});
    REQUIRE(r.exit_code == 0);
    return dir.write("completion." + shell, r.out);
}

std::string topology(const TempDir& dir) {
    RcService web{.key = "web", .project = "shop", .replicas = 2};
    RcService worker{.key = "worker", .project = "shop"};
    RcService api{.key = "api", .project = "billing"};
    RcService redis{.key = "redis"};
    return dir.write("topology.yaml", rc_topology_yaml("e2e-ops-compl", {"net"}, {web, worker, api, redis}));
}

// COMPREPLY of bash's completion function for the words, the last being the one completed.
std::vector<std::string> bash_complete(const std::string& file, const std::string& words) {
    std::string cmd = "source " + file + "; COMP_WORDS=(" + words +
                      "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _infractl; printf '%s\\n' \"${COMPREPLY[@]}\"";
    RunResult r = run({"bash", "-c", cmd}, with_path());
    INFO(r.str());
    REQUIRE(r.exit_code == 0);
    auto lines = lines_with(r.out, "");
    std::sort(lines.begin(), lines.end());
    lines.erase(std::remove(lines.begin(), lines.end(), ""), lines.end());
    return lines;
}

std::vector<std::string> fish_complete(const std::string& file, const std::string& line) {
    RunResult r = run({"fish", "--no-config", "-c", "source " + file + "; complete -C '" + line + "'"}, with_path());
    INFO(r.str());
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> out;
    for (const auto& l : lines_with(r.out, "")) {
        if (!l.empty()) out.push_back(l.substr(0, l.find('\t')));
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("completion: the bash, zsh and fish scripts parse", "[e2e][ops][completion]") {
    TempDir dir;
    CHECK(run({"bash", "-n", script(dir, "bash")}).exit_code == 0);
    RunResult z = run({"zsh", "-n", script(dir, "zsh")});
    INFO(z.str());
    CHECK(z.exit_code == 0);
    RunResult f = run({"fish", "-n", script(dir, "fish")});
    INFO(f.str());
    CHECK(f.exit_code == 0);
    // zsh: loads into the completion system and defines its function.
    RunResult loaded = run({"zsh", "-f", "-c",
                            "autoload -U compinit && compinit -u -D && source " + script(dir, "zsh") +
                                " && whence -w _infractl"});
    INFO(loaded.str());
    CHECK(loaded.out == "_infractl: function\n");
    RunResult bad = run_infractl({"completion", "tcsh"});
    CHECK(bad.exit_code == 64);
}

TEST_CASE("completion: bash completes commands, options, projects and services of the topology", "[e2e][ops][completion]") {
    TempDir dir;
    std::string s = script(dir, "bash");
    std::string t = topology(dir);
    using V = std::vector<std::string>;
    CHECK(bash_complete(s, "infractl sc") == V{"scale"});
    CHECK(bash_complete(s, "infractl e") == V{"exec", "export"});
    CHECK(bash_complete(s, "infractl --profile dev p") == V{"plan", "ps"});
    CHECK(bash_complete(s, "infractl logs --fo") == V{"--follow"});
    CHECK(bash_complete(s, "infractl -o ''") == V{"json", "text"});
    CHECK(bash_complete(s, "infractl completion ''") == V{"bash", "fish", "zsh"});
    CHECK(bash_complete(s, "infractl export ''") == V{"compose", "kubernetes"});
    CHECK(bash_complete(s, "infractl -f " + t + " logs ''") == V{"billing", "global", "shop"});
    CHECK(bash_complete(s, "infractl -f " + t + " exec shop ''") == V{"web", "worker"});
    CHECK(bash_complete(s, "infractl logs -f " + t + " global r") == V{"redis"});
    CHECK(bash_complete(s, "infractl -f " + t + " scale shop w") == V{"web=", "worker="});
    CHECK(bash_complete(s, "infractl -f " + t + " up --project b") == V{"billing"});
}

TEST_CASE("completion: fish completes commands and names of the topology", "[e2e][ops][completion]") {
    TempDir dir;
    std::string s = script(dir, "fish");
    std::string t = topology(dir);
    using V = std::vector<std::string>;
    CHECK(fish_complete(s, "infractl sc") == V{"scale"});
    CHECK(fish_complete(s, "infractl -f " + t + " logs ") == V{"billing", "global", "shop"});
    CHECK(fish_complete(s, "infractl -f " + t + " exec shop w") == V{"web", "worker"});
}

TEST_CASE("completion: zsh's script completes commands and names with the shared parser", "[e2e][ops][completion]") {
    TempDir dir;
    std::string s = script(dir, "zsh");
    std::string t = topology(dir);
    // Outside a completion widget compadd cannot run: call the parser and the
    // candidate list as _infractl does (KSH_ARRAYS on, words before the current one).
    auto words = [&](const std::string& before, const std::string& cur) {
        std::string cmd = "autoload -U compinit && compinit -u -D && source " + s +
                          " && setopt ksharrays && _infractl_parse " + before + " && _infractl_words \"$(_infractl_what '" +
                          cur + "')\" | grep '^" + cur + "' | sort";
        RunResult r = run({"zsh", "-f", "-c", cmd}, with_path());
        INFO(r.str());
        return r.out;
    };
    CHECK(words("", "sc") == "scale\n");
    CHECK(words("-f " + t + " logs", "") == "billing\nglobal\nshop\n");
    CHECK(words("-f " + t + " exec shop", "w") == "web\nworker\n");
}

TEST_CASE("man page: infractl(1) is built with the binary and renders without warnings", "[e2e][ops][completion]") {
    std::string page = bin_dir() + "/share/man/man1/infractl.1";
    RunResult warnings = run({"groff", "-man", "-ww", "-z", page});
    INFO(warnings.str());
    CHECK(warnings.exit_code == 0);
    CHECK(warnings.err.empty());
    RunResult text = run({"man", "-l", page}, {.env = {{"MANPAGER", "cat"}, {"MANWIDTH", "100"}}});
    REQUIRE(text.exit_code == 0);
    for (const char* cmd : {"infractl logs", "infractl exec", "infractl completion", "infractl version"})
        CHECK(text.out.find(cmd) != std::string::npos);
}
