// Hostile and broken inputs: each gives one located line, in bounded time,
// never a crash.
#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "support/topology_text.hpp"

using namespace infractl;
using Lines = std::vector<std::string>;

namespace {

const std::string kData = std::string(INFRACTL_SOURCE_DIR) + "/tests/data";

double millis_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

Lines file_problems(const std::string& path) {
    Diagnostics diags;
    load_topology_file(path, test::env_of({}), diags);
    return test::lines_of(diags);
}

}  // namespace

TEST_CASE("a billion-laughs alias bomb fails fast with a located error", "[loader][bounds]") {
    std::string yaml = "version: 1\nstack: s\nx-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    std::string prev = "a";
    for (char c = 'b'; c <= 'j'; ++c) {
        std::string refs;
        for (int i = 0; i < 9; ++i) refs += (i ? ", *" : "*") + prev;
        yaml += fmt::format("x-{}: &{} [{}]\n", c, c, refs);
        prev = std::string(1, c);
    }
    auto start = std::chrono::steady_clock::now();
    Lines got = test::topology_problems(yaml);
    // Only an unbounded expansion could miss this by orders of magnitude;
    // the figure itself belongs to bench/, not to a test.
    CHECK(millis_since(start) < 10'000);  // hang guard: a bounded expansion takes milliseconds
    CHECK(got == Lines{"t.yaml:9:10: document too large: more than 1000000 nodes once aliases are expanded (hint: an "
                       "alias repeats a big block many times; write the values out or shrink them)"});
}

TEST_CASE("deep nesting stops at kMaxDepth", "[loader][bounds]") {
    std::string yaml = "version: 1\nstack: s\nx-deep: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
    CHECK(test::topology_problems(yaml) ==
          Lines{"t.yaml:3:72: nesting deeper than 64 levels (hint: flatten the structure; topology files need a few "
                "levels only)"});
    std::string maps = "version: 1\nstack: s\nx-deep: ";
    for (int i = 0; i < 100; ++i) maps += "{a: ";
    maps += "1" + std::string(100, '}') + "\n";
    CHECK(test::topology_problems(maps).size() == 1);
}

TEST_CASE("an alias inside its own anchor is refused - not followed forever", "[loader][bounds]") {
    CHECK(test::topology_problems("version: 1\nstack: s\nx-self: &a [1, *a]\n") ==
          Lines{"t.yaml:3:16: alias refers to the node that contains it (hint: an alias can only repeat a node that is "
                "complete)"});
}

TEST_CASE("text-level problems give one located line", "[loader][bounds]") {
    static const struct {
        const char* name;
        std::string text;
        Lines expected;
    } cases[] = {
        {"NUL byte", std::string("version: 1\nstack: s\0x\n", 22),
         {"t.yaml:2:9: file contains a NUL byte (hint: is this a binary file?)"}},
        {"invalid UTF-8", "version: 1\nstack: \xff\xfe\n",
         {"t.yaml:2:8: file is not valid UTF-8 (hint: is this a binary file? save it as UTF-8)"}},
        {"empty", "", {"t.yaml:1:1: file is empty (hint: a topology or profile file starts with 'version: 1')"}},
        {"only comments", "# nothing here\n\n",
         {"t.yaml:1:1: file is empty (hint: a topology or profile file starts with 'version: 1')"}},
        {"two documents", "version: 1\nstack: s\n---\nversion: 1\n",
         {"t.yaml:3:1: expected one YAML document, found a second one (hint: remove the '---' separator and what "
          "follows, or split the file)"}},
        {"a tab for indentation", "version: 1\nstack: s\nglobals:\n\tredis: {}\n",
         {"t.yaml:4:1: invalid YAML: a tab character where YAML allows only spaces (hint: indent with spaces; YAML "
          "forbids tabs in indentation)"}},
        {"too large", std::string(kMaxFileBytes + 1, '#'),
         {"t.yaml:1:1: file too large: 8388609 bytes, the limit is 8388608 (hint: topology and profile files are a "
          "few kilobytes; is this the right file?)"}},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(test::topology_problems(c.text) == c.expected);
    }
}

TEST_CASE("file-level problems give one located line", "[loader][bounds]") {
    CHECK(file_problems(kData + "/no-such-file.yaml") ==
          Lines{kData + "/no-such-file.yaml:1:1: cannot open file: No such file or directory"});
    CHECK(file_problems(kData + "/valid") ==
          Lines{kData + "/valid:1:1: is a directory, not a file (hint: pass the YAML file itself, e.g. "
                        "specs/monorepo.yaml)"});
    CHECK(file_problems(kData + "/invalid/001-empty.yaml") ==
          Lines{kData + "/invalid/001-empty.yaml:1:1: file is empty (hint: a topology or profile file starts with "
                        "'version: 1')"});
    CHECK(file_problems(kData + "/invalid/002-nul-byte.yaml") ==
          Lines{kData + "/invalid/002-nul-byte.yaml:2:7: file contains a NUL byte (hint: is this a binary file?)"});
    CHECK(file_problems(kData + "/invalid/003-binary-garbage.yaml").size() == 1);
    Diagnostics diags;
    load_profile_file(kData + "/no-such-profile.yaml", test::env_of({}), diags);
    CHECK(test::lines_of(diags) ==
          Lines{kData + "/no-such-profile.yaml:1:1: cannot open file: No such file or directory"});
}

TEST_CASE("a million-node flat document is stopped by the node budget", "[loader][bounds]") {
    std::string yaml = "version: 1\nstack: s\nx-big:\n";
    yaml.reserve(5'000'000);
    for (int i = 0; i < 1'000'100; ++i) yaml += "- 1\n";
    Lines got = test::topology_problems(yaml);
    REQUIRE(got.size() == 1);
    CHECK(got[0].rfind("t.yaml:", 0) == 0);
    CHECK(got[0].find("document too large") != std::string::npos);
}

TEST_CASE("loading and validating 1 -000 services reports no problem", "[loader][perf]") {
    std::string yaml = "version: 1\nstack: big\nnetworks: {net: {}}\nglobals:\n  redis: {image: redis}\nprojects:\n";
    for (int p = 0; p < 10; ++p) {
        yaml += fmt::format("  p{}:\n    services:\n", p);
        for (int s = 0; s < 100; ++s)
            yaml += fmt::format(
                "      s{}:\n        image: app:1\n        depends_on: [{}redis]\n        ports: [\"{}:80\"]\n"
                "        environment: {{A: \"1\", B: \"${{HOME_DIR:-/x}}\"}}\n        resources: {{limits: "
                "{{memory: 256M, cpus: 0.5}}}}\n        networks: [net]\n",
                s, s > 0 ? fmt::format("s{}, ", s - 1) : "", 10000 + p * 100 + s);
    }
    // CPU time, not wall time: the test machines are shared and busy.
    std::clock_t start = std::clock();
    Diagnostics diags;
    Topology t = load_topology_text(yaml, "big.yaml", test::env_of({}), diags);
    validate_topology(t, diags);
    validate_profile(t, Profile{}, diags);
    double ms = static_cast<double>(std::clock() - start) * 1000.0 / CLOCKS_PER_SEC;
    CHECK(test::lines_of(diags) == Lines{});
    CHECK(t.projects.size() == 10);
    // Timing is reported, not asserted (bench/bench_resolve measures it).
    WARN("1,000 services loaded and validated in " << ms << " ms of CPU");
}
