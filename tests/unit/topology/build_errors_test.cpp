// `build:` in the topology: what it reads and the located problems.
#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "support/topology_text.hpp"

using namespace infractl;

namespace {

std::vector<std::string> problems(const test::TempDir& dir, const std::string& build_yaml) {
    std::string yaml = "version: 1\nstack: s\nglobals:\n  web:\n    build: " + build_yaml + "\n";
    Diagnostics diags;
    Topology t = load_topology_text(yaml, dir.path + "/t.yaml", test::env_of({}), diags);
    if (!diags.has_errors()) validate_topology(t, diags);
    std::vector<std::string> out = test::lines_of(diags);
    for (auto& line : out)
        if (line.rfind(dir.path, 0) == 0) line = "DIR" + line.substr(dir.path.size());
    for (auto& line : out)
        for (std::size_t at; (at = line.find(dir.path)) != std::string::npos;) line.replace(at, dir.path.size(), "DIR");
    return out;
}

}  // namespace

TEST_CASE("build: reads a context path or compose's mapping", "[loader][build]") {
    test::TempDir dir;
    dir.write("app/Dockerfile", "FROM scratch\n");
    dir.write("app/Dockerfile.dev", "FROM scratch\n");
    Diagnostics diags;
    Topology t = load_topology_text(
        "version: 1\nstack: s\nglobals:\n  a:\n    build: app\n  b:\n    build:\n      context: ./app\n"
        "      dockerfile: Dockerfile.dev\n      args: {PY: '3', EMPTY: }\n      target: prod\n"
        "  c:\n    build: {context: app, args: [X=1]}\n",
        dir.path + "/t.yaml", test::env_of({}), diags);
    validate_topology(t, diags);
    REQUIRE(test::lines_of(diags).empty());
    const BuildSpec& a = *t.find_global("a")->build;
    CHECK(a.context == dir.path + "/app");
    CHECK(a.dockerfile == "Dockerfile");
    const BuildSpec& b = *t.find_global("b")->build;
    CHECK(b.context == dir.path + "/app");
    CHECK(b.dockerfile == "Dockerfile.dev");
    CHECK(b.args == std::map<std::string, std::string>{{"EMPTY", ""}, {"PY", "3"}});
    CHECK(b.target == "prod");
    CHECK(t.find_global("c")->build->args.at("X") == "1");
}

TEST_CASE("build: problems are located and worded exactly", "[loader][build]") {
    test::TempDir dir;
    dir.write("app/Dockerfile", "FROM scratch\n");
    dir.write("file.txt", "");
    static const struct {
        const char* name;
        const char* build;
        std::vector<std::string> expected;
    } cases[] = {
        {"missing context folder", "nope",
         {"DIR/t.yaml:5:12: web: build context 'DIR/nope' does not exist (hint: a relative context is relative to "
          "the topology file's folder)"}},
        {"context is a file", "file.txt",
         {"DIR/t.yaml:5:12: web: build context 'DIR/file.txt' is not a directory (hint: a relative context is "
          "relative to the topology file's folder)"}},
        {"dockerfile not found", "{context: app, dockerfile: Dockerfile.prod}",
         {"DIR/t.yaml:5:39: web: dockerfile 'Dockerfile.prod' not found in DIR/app (hint: the dockerfile path is "
          "relative to the build context)"}},
        {"dockerfile outside the context", "{context: app, dockerfile: ../Dockerfile}",
         {"DIR/t.yaml:5:39: web: dockerfile '../Dockerfile' must be a path inside the build context (hint: write it "
          "relative to the context, e.g. dockerfile: Dockerfile.dev)"}},
        {"no context", "{dockerfile: Dockerfile}",
         {"DIR/t.yaml:5:12: 'build' has no 'context' (hint: name the folder sent to the engine, e.g. context: "
          "./images/app)"}},
        {"build as a list", "[app]", {"DIR/t.yaml:5:12: expected a context path or a mapping for 'build', got a sequence"}},
        {"args as a string", "{context: app, args: X=1}",
         {"DIR/t.yaml:5:33: expected a list for 'args', got a string"}},
        {"arg without a value", "{context: app, args: [X]}",
         {"DIR/t.yaml:5:34: build arg 'X' is not NAME=VALUE (hint: e.g. - PYTHON=3.11)"}},
        {"unknown key", "{context: app, dokerfile: D}",
         {"DIR/t.yaml:5:27: unknown key 'dokerfile' in 'build' (hint: did you mean 'dockerfile'?)"}},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(problems(dir, c.build) == c.expected);
    }
}
