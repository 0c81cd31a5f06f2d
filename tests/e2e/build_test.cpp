// `build:` against the real dockerd: the first up builds the image from the
// context, an unchanged context is not rebuilt (same image id, no build
// output), a changed one is rebuilt and its containers replaced, a file the
// .dockerignore excludes changes nothing, and a broken Dockerfile is a
// located error that leaves the stack exactly as it was.
#include <catch2/catch.hpp>
#include <chrono>

#include "example_support.hpp"

using namespace infractl;
using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// A stack of one built service `web` in project `project`, its context in ctx/.
struct BuildStack {
    std::string stack;
    std::string project;
    TempDir dir;
    std::string file;

    BuildStack(std::string name, std::string proj) : stack(std::move(name)), project(std::move(proj)) {
        clean_images();
        file = dir.write("infractl.yaml", "version: 1\nstack: " + stack +
                                              "\nnetworks:\n  net: {}\nprojects:\n  " + project +
                                              ":\n    services:\n      web:\n        build:\n"
                                              "          context: ./ctx\n          args: {GREETING: hello}\n");
        dir.write("profiles/dev.yaml", "version: 1\nprofile: dev\ndefault_host_ip: 127.0.0.1\n");
        dir.write("ctx/.dockerignore", "*.log\n!keep.log\n");
        dir.write("ctx/keep.log", "kept\n");
        dir.write("ctx/msg.txt", "v1\n");
        dockerfile("");
    }
    ~BuildStack() { clean_images(); }

    void dockerfile(const std::string& extra) const {
        dir.write("ctx/Dockerfile", std::string("FROM ") + kTestImage +
                                        "\nARG GREETING\nRUN echo \"$GREETING\" > /greeting\nCOPY msg.txt /msg.txt\nCOPY . /ctx/\n" +
                                        extra);
    }
    std::string repo() const { return "infractl-build/" + project + "-web"; }
    // Every image this test built (by repository; the project name is the test's own).
    void clean_images() const {
        RunResult ids = docker({"images", "-q", repo()});
        std::string list = trimmed(ids.out);
        if (list.empty()) return;
        std::vector<std::string> argv = {"rmi", "-f"};
        for (std::size_t i = 0; i < list.size();) {
            std::size_t j = list.find('\n', i);
            if (j == std::string::npos) j = list.size();
            argv.push_back(list.substr(i, j - i));
            i = j + 1;
        }
        docker(argv);
    }
    std::vector<std::string> tags() const {
        RunResult r = docker({"images", "--format", "{{.Repository}}:{{.Tag}}", repo()});
        std::vector<std::string> out;
        std::string s = trimmed(r.out);
        for (std::size_t i = 0; !s.empty() && i <= s.size();) {
            std::size_t j = s.find('\n', i);
            if (j == std::string::npos) j = s.size();
            out.push_back(s.substr(i, j - i));
            i = j + 1;
        }
        return out;
    }
    RunResult run(std::vector<std::string> args) const {
        args.insert(args.end(), {"-f", file});
        return run_infractl(args, {.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}, {"NO_COLOR", "1"}},
                                   .timeout = 180s});
    }
    std::string container() const { return project + "-web-1"; }
    std::string in_container(const std::string& path) const {
        return trimmed(docker({"exec", container(), "cat", path}).out);
    }
};

std::string inspect(const std::string& object, const std::string& format) {
    RunResult r = docker({"inspect", "-f", format, object});
    return r.exit_code == 0 ? trimmed(r.out) : "";
}

}  // namespace

TEST_CASE("build: first up builds - unchanged is not rebuilt - a changed context is rebuilt and replaced",
          "[e2e][build]") {
    require_engine();
    require_test_images();
    BuildStack s("e2e-build", "bld");
    StackGuard guard(s.stack);

    RunResult plan0 = s.run({"plan"});
    INFO(plan0.str());
    REQUIRE(plan0.exit_code == 0);
    CHECK_THAT(plan0.out, Catch::Contains("+ image infractl-build/bld-web:"));
    CHECK_THAT(plan0.out, Catch::Contains("(bld/web): build, tag missing"));
    CHECK_THAT(plan0.out, Catch::Contains("Plan: 1 to build, 2 to add"));
    CHECK(s.tags().empty());  // plan is read-only

    RunResult first = s.run({"up"});
    INFO(first.str());
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.err, Catch::Contains("| Step 1/6 : FROM infractl-test/busybox:1"));
    REQUIRE(s.tags().size() == 1);
    const std::string tag1 = s.tags()[0];
    CHECK(inspect(s.container(), "{{.Config.Image}}") == tag1);
    CHECK(s.in_container("/msg.txt") == "v1");
    CHECK(s.in_container("/greeting") == "hello");
    // .dockerignore: *.log stays out, the !keep.log exception is sent.
    CHECK(s.in_container("/ctx/keep.log") == "kept");
    CHECK(docker({"exec", s.container(), "ls", "-A", "/ctx"}).out == ".dockerignore\nDockerfile\nkeep.log\nmsg.txt\n");
    CHECK(inspect(tag1, "{{index .Config.Labels \"io.infractl.managed-by\"}}") == "infractl");
    const std::string image1 = inspect(tag1, "{{.Id}}");
    const std::string container1 = inspect(s.container(), "{{.Id}}");

    // Unchanged: no build output, same image id, same container.
    RunResult again = s.run({"up"});
    INFO(again.str());
    REQUIRE(again.exit_code == 0);
    CHECK_THAT(again.out, Catch::Contains("No changes."));
    CHECK(again.err.find("build ") == std::string::npos);
    CHECK(inspect(tag1, "{{.Id}}") == image1);
    CHECK(inspect(s.container(), "{{.Id}}") == container1);

    // A file the .dockerignore excludes is not part of the context.
    s.dir.write("ctx/notes.log", "anything");
    RunResult ignored = s.run({"plan"});
    INFO(ignored.str());
    CHECK_THAT(ignored.out, Catch::Contains("No changes."));

    // up --build builds again; the engine's cache gives the same image, so nothing is replaced.
    RunResult forced = s.run({"up", "--build"});
    INFO(forced.str());
    REQUIRE(forced.exit_code == 0);
    CHECK_THAT(forced.out, Catch::Contains("(bld/web): build, --build"));
    CHECK_THAT(forced.err, Catch::Contains("build " + tag1 + " | done"));
    CHECK(inspect(tag1, "{{.Id}}") == image1);
    CHECK(inspect(s.container(), "{{.Id}}") == container1);

    // A changed file: a new tag, built, and the container replaced.
    s.dir.write("ctx/msg.txt", "v2\n");
    RunResult plan2 = s.run({"plan"});
    INFO(plan2.str());
    CHECK_THAT(plan2.out, Catch::Contains("(bld/web): build, context changed (was " + tag1 + ")"));
    RunResult changed = s.run({"up"});
    INFO(changed.str());
    REQUIRE(changed.exit_code == 0);
    std::string tag2 = inspect(s.container(), "{{.Config.Image}}");
    CHECK(tag2 != tag1);
    CHECK(tag2.rfind("infractl-build/bld-web:", 0) == 0);
    CHECK(s.in_container("/msg.txt") == "v2");

    // A changed build arg is another image too.
    std::string topo = read_text(s.file);
    replace_all(topo, "GREETING: hello", "GREETING: bonjour");
    s.dir.write("infractl.yaml", topo);
    RunResult arg = s.run({"up"});
    INFO(arg.str());
    REQUIRE(arg.exit_code == 0);
    CHECK(s.in_container("/greeting") == "bonjour");
}

TEST_CASE("build: a broken Dockerfile is a located error and changes nothing", "[e2e][build]") {
    require_engine();
    require_test_images();
    BuildStack s("e2e-build-broken", "bldx");
    StackGuard guard(s.stack);

    RunResult first = s.run({"up"});
    INFO(first.str());
    REQUIRE(first.exit_code == 0);
    const std::string container1 = inspect(s.container(), "{{.Id}}");
    const std::string image1 = inspect(s.container(), "{{.Config.Image}}");

    s.dockerfile("RUN echo failing on purpose && exit 3\n");
    s.dir.write("ctx/msg.txt", "v2\n");  // the containers would be replaced if the build worked
    RunResult broken = s.run({"up"});
    INFO(broken.str());
    CHECK(broken.exit_code == 1);
    CHECK_THAT(broken.err, Catch::Contains("error: " + s.file + ":10:11: build 'infractl-build/bldx-web:"));
    CHECK_THAT(broken.err,
               Catch::Contains("failed at 'Step 6/7 : RUN echo failing on purpose && exit 3': The command '/bin/sh -c "
                               "echo failing on purpose && exit 3' returned a non-zero code: 3"));
    CHECK_THAT(broken.err, Catch::Contains("| failing on purpose"));
    // Nothing touched: the same container, running, on the old image; no new tag.
    CHECK(inspect(s.container(), "{{.Id}}") == container1);
    CHECK(inspect(s.container(), "{{.State.Status}}") == "running");
    CHECK(inspect(s.container(), "{{.Config.Image}}") == image1);
    CHECK(s.tags() == std::vector<std::string>{image1});
    CHECK(stack_containers(s.stack) == std::vector<std::string>{s.container()});

    // A FROM this engine does not have: no registry, a clear error, still nothing changed.
    s.dir.write("ctx/Dockerfile", "FROM infractl-test/no-such-image:1\n");
    RunResult missing = s.run({"up"});
    INFO(missing.str());
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Catch::Contains("failed at 'Step 1/2 : FROM infractl-test/no-such-image:1'"));
    CHECK(inspect(s.container(), "{{.Id}}") == container1);

    // A context folder that does not exist is refused before the engine is asked.
    std::string topo = read_text(s.file);
    replace_all(topo, "context: ./ctx", "context: ./nowhere");
    s.dir.write("infractl.yaml", topo);
    RunResult bad = s.run({"up"});
    INFO(bad.str());
    CHECK(bad.exit_code != 0);
    CHECK_THAT(bad.err, Catch::Contains(s.file + ":10:20: bldx/web: build context '" + s.dir.path() +
                                        "/nowhere' does not exist"));
    CHECK(inspect(s.container(), "{{.Id}}") == container1);
}
