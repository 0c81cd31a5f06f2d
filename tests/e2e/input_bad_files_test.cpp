// Bad input through the real binary: every file of tests/data/invalid (and
// paths that are not files at all) is refused by `validate`, `plan` and `up`
// with located one-line messages, an exit code from 1 to 127, and not one
// connection to the engine socket. The engine is a counting socket, so the
// test needs no dockerd and proves "nothing runs on error" from the outside.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "input_counting_socket.hpp"
#include "support/harness.hpp"

using namespace infractl::e2e;
namespace fs = std::filesystem;

namespace {

const std::string kDir = std::string(INFRACTL_SOURCE_DIR) + "/tests/data/invalid";
const std::string kValidTopology = std::string(INFRACTL_SOURCE_DIR) + "/tests/data/valid/monorepo.yaml";
const std::regex kLocated("^[^:\n]+:[0-9]+:[0-9]+: .+$");

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

std::vector<std::string> corpus() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(kDir))
        if (e.path().extension() == ".yaml") out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// Paths in messages depend on the checkout; EXPECTED holds them relative.
std::string relative(std::string line) {
    for (const std::string& from : {kDir + "/", kDir}) {
        const std::string to = from == kDir ? "." : "";
        for (std::size_t p; (p = line.find(from)) != std::string::npos;) line.replace(p, from.size(), to);
    }
    return line;
}

bool is_warning(const std::string& line) { return line.find(": warning: ") != std::string::npos; }

// Every line of stderr is a located diagnostic, or the one "infractl: ..."
// line a command that stops on them ends with; returns the first error.
std::string check_stderr(const RunResult& r, const std::string& cmd) {
    INFO(cmd << "\n" << r.str());
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code >= 1);
    CHECK(r.exit_code < 128);
    std::string first_error;
    for (const auto& l : lines(r.err)) {
        INFO(l);
        bool summary = l.rfind("infractl: ", 0) == 0;
        CHECK((std::regex_match(l, kLocated) || summary));
        if (first_error.empty() && !summary && !is_warning(l)) first_error = l;
    }
    CHECK_FALSE(first_error.empty());
    return first_error;
}

struct Bench {
    TempDir dir;
    CountingSocket engine{dir.path() + "/engine.sock"};
    std::string profile = dir.write("e2e.yaml", "version: 1\nprofile: e2e\n");
    RunOptions opts;
    Bench() {
        opts.env = {{"INFRACTL_STATE_DIR", dir.path() + "/state"}, {"INFRACTL_IMAGES", ""}};
        opts.timeout = std::chrono::seconds(30);
    }

    RunResult run(const std::vector<std::string>& args) {
        std::vector<std::string> all = {"-H", engine.host(), "--no-color"};
        all.insert(all.end(), args.begin(), args.end());
        return run_infractl(all, opts);
    }
};

}  // namespace

TEST_CASE("validate - plan and up refuse every corpus file without an engine call", "[e2e][input]") {
    Bench b;
    std::vector<std::string> files = corpus();
    REQUIRE(files.size() >= 150);
    std::ifstream in(kDir + "/EXPECTED");
    std::vector<std::string> expected;
    for (std::string l; std::getline(in, l);) expected.push_back(l);
    REQUIRE(expected.size() == files.size());

    int refused = 0, profiles = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string path = kDir + "/" + files[i];
        bool profile = files[i].find("-profile-") != std::string::npos;
        profiles += profile;
        std::vector<std::string> inputs = profile ? std::vector<std::string>{"-f", kValidTopology, "--profile", path}
                                                  : std::vector<std::string>{"-f", path, "--profile", b.profile};
        bool all_refused = true;
        for (const char* cmd : {"validate", "plan", "up"}) {
            std::vector<std::string> args = {cmd};
            args.insert(args.end(), inputs.begin(), inputs.end());
            RunResult r = b.run(args);
            std::string first = check_stderr(r, std::string(cmd) + " " + files[i]);
            all_refused = all_refused && r.exit_code == 1;
            if (std::string(cmd) == "validate") {
                INFO(files[i]);
                CHECK(relative(first) == expected[i]);
                CHECK(r.out.empty());
            }
        }
        refused += all_refused;
        INFO(files[i]);
        REQUIRE(b.engine.connections() == 0);
    }
    CHECK(refused == static_cast<int>(files.size()));
    CHECK(profiles >= 40);
    WARN("bad input: " << refused << " of " << files.size() << " corpus files (" << profiles
                       << " profiles) refused by validate, plan and up with exit 1; engine connections: "
                       << b.engine.connections());
}

// `down` is left out on purpose: it needs only the stack name, so a stack
// can be taken down while its topology has errors (checked below).
TEST_CASE("every other command refuses a bad file before touching the engine", "[e2e][input]") {
    Bench b;
    const std::vector<std::vector<std::string>> commands = {
        {"render"}, {"render", "-o", "json"}, {"budget"}, {"status"}, {"status", "-o", "json"},
        {"plan", "--detailed-exitcode"}, {"plan", "-o", "json"}, {"up", "--dry-run"}, {"up", "--wait"},
        {"scale", "p", "w=2"}, {"-vv", "up"}};
    for (const char* file : {"002-nul-byte.yaml", "026-dependency-cycle.yaml", "053-alias-bomb.yaml",
                             "096-escape-in-key.yaml", "103-interpolation-nested.yaml"}) {
        for (const auto& cmd : commands) {
            std::vector<std::string> args = cmd;
            args.insert(args.end(), {"-f", kDir + "/" + file, "--profile", b.profile});
            RunResult r = b.run(args);
            check_stderr(r, args[0] + " " + file);
            CHECK(r.exit_code == 1);
        }
    }
    CHECK(b.engine.connections() == 0);
}

TEST_CASE("down goes on with a broken topology only when it can read the stack name", "[e2e][input]") {
    Bench b;
    RunResult unreadable = b.run({"down", "-f", kDir + "/002-nul-byte.yaml", "--profile", b.profile});
    check_stderr(unreadable, "down 002");
    CHECK(unreadable.exit_code == 1);
    CHECK(unreadable.err.find("cannot tell which stack to act on") != std::string::npos);
    CHECK(b.engine.connections() == 0);
    // The stack name is readable: down reports the errors and asks the engine
    // (here the counting socket, which answers 500) what that stack has.
    RunResult readable = b.run({"down", "-f", kDir + "/026-dependency-cycle.yaml", "--profile", b.profile});
    INFO(readable.str());
    CHECK(readable.err.find("026-dependency-cycle.yaml:6:34: dependency cycle") != std::string::npos);
    CHECK(readable.exit_code != 0);
    CHECK(readable.exit_code < 128);
    CHECK(b.engine.connections() > 0);
}

TEST_CASE("paths that are not topology files are refused in one line", "[e2e][input]") {
    Bench b;
    std::string big = b.dir.path() + "/big.yaml";
    {
        std::ofstream out(big);  // scratch file: an input in the test's TempDir
        out << "version: 1\nstack: s\n";
        std::string comment = "# " + std::string(1000, 'x') + "\n";
        for (int i = 0; i < 9000; ++i) out << comment;  // 9 MB of comments: above the 8 MiB cap
    }
    fs::create_directories(b.dir.path() + "/a-dir.yaml");
    const struct {
        std::string file, profile, images, message;
    } cases[] = {
        {b.dir.path() + "/missing.yaml", b.profile, "", "topology file '" + b.dir.path() + "/missing.yaml' does not exist"},
        {b.dir.path() + "/a-dir.yaml", b.profile, "", "topology file '" + b.dir.path() + "/a-dir.yaml' is a directory, not a file"},
        {kValidTopology, b.dir.path() + "/a-dir.yaml", "", "is a directory, not a file"},
        {kValidTopology, b.dir.path() + "/missing.yaml", "", "does not exist"},
        {kValidTopology, "no-such-profile", "", "profile 'no-such-profile' not found"},
        {"/dev/zero", b.profile, "", "/dev/zero:1:1: file too large: more than 8388608 bytes"},
        {"/dev/null", b.profile, "", "/dev/null:1:1: file is empty"},
        {big, b.profile, "", big + ":1:1: file too large: more than 8388608 bytes"},
        {kValidTopology, b.profile, "/dev/zero", "/dev/zero:1:1: file too large: more than 8388608 bytes"},
        {kValidTopology, b.profile, b.dir.write("img1.yaml", "images: [a]\n"), "expected a mapping for 'images'"},
        {kValidTopology, b.profile, b.dir.write("img2.yaml", "images: {a: b\n"), "img2.yaml:2:1: "},
        {kValidTopology, b.profile, b.dir.write("img3.yaml", "imagez: {}\n"), "unknown key 'imagez' in the images file"},
        {kValidTopology, b.profile, b.dir.path() + "/a-dir.yaml", "images file '" + b.dir.path() + "/a-dir.yaml' is a directory"},
    };
    for (const auto& c : cases) {
        for (const char* cmd : {"validate", "up"}) {
            std::vector<std::string> args = {cmd, "-f", c.file, "--profile", c.profile};
            if (!c.images.empty()) args.insert(args.end(), {"--images", c.images});
            RunResult r = b.run(args);
            INFO(cmd << " " << c.file << " " << c.profile << " " << c.images << "\n" << r.str());
            CHECK(r.exit_code == 1);
            CHECK_FALSE(r.timed_out);
            std::vector<std::string> err = lines(r.err);
            REQUIRE_FALSE(err.empty());
            CHECK(err.front().find(c.message) != std::string::npos);
            for (const auto& l : err) CHECK(l.size() < 1024);
        }
    }
    CHECK(b.engine.connections() == 0);
}

TEST_CASE("a pipe is read like a file: validate -f /dev/stdin", "[e2e][input]") {
    Bench b;
    b.opts.stdin_text = "version: 1\nstack: piped\nglobals:\n  a: {image: a}\n";
    RunResult ok = b.run({"validate", "-f", "/dev/stdin", "--profile", b.profile});
    INFO(ok.str());
    CHECK(ok.exit_code == 0);
    b.opts.stdin_text = "version: 1\nstack: piped\nglobals:\n  a: {imgae: a}\n";
    RunResult bad = b.run({"validate", "-f", "/dev/stdin", "--profile", b.profile});
    INFO(bad.str());
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("/dev/stdin:4:7: unknown key 'imgae' in service 'a' (hint: did you mean 'image'?)") !=
          std::string::npos);
    CHECK(b.engine.connections() == 0);
}
