// What `up` prints while it works: plain lines off a terminal, nothing but
// errors with -q, no colour under NO_COLOR/--no-color, and the live view
// (cursor movement, final states) on a terminal, checked under script(1).
#include <catch2/catch.hpp>
#include <chrono>
#include <regex>
#include <sstream>

#include "example_support.hpp"

using namespace infractl;
using namespace infractl::e2e;
using namespace std::chrono_literals;

namespace {

constexpr const char* kStack = "e2ex-progress";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

bool has_escape(const std::string& s) { return s.find('\x1b') != std::string::npos; }
bool has_colour(const std::string& s) { return std::regex_search(s, std::regex("\x1b\\[[0-9;]*m")); }

struct ProgressStack {
    TempDir dir;
    std::string file;
    ProgressStack() {
        file = dir.write("infractl.yaml",
                         std::string("version: 1\nstack: ") + kStack +
                             "\n"
                             "globals:\n"
                             "  one:\n"
                             "    image: infractl-test/busybox:1\n"
                             "projects:\n"
                             "  x4:\n"
                             "    services:\n"
                             "      two:\n"
                             "        image: infractl-test/busybox:1\n"
                             "        replicas: 2\n"
                             "        depends_on: [one]\n");
        dir.write("profiles/dev.yaml", "version: 1\nprofile: dev\n");
    }
    std::vector<std::pair<std::string, std::string>> env() const {
        return {{"INFRACTL_STATE_DIR", dir.path() + "/state"}};
    }
    RunResult run(std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> extra = {}) const {
        args.insert(args.end(), {"-f", file});
        auto e = env();
        e.insert(e.end(), extra.begin(), extra.end());
        return run_infractl(args, {.env = e});
    }
    // Runs infractl on a pseudo-terminal; returns what the terminal showed.
    RunResult on_tty(const std::string& args, std::vector<std::pair<std::string, std::string>> extra = {}) const {
        std::string cmd = std::string(INFRACTL_BINARY) + " " + args + " -f " + file;
        auto e = env();
        e.insert(e.end(), extra.begin(), extra.end());
        e.push_back({"TERM", "xterm"});
        return infractl::e2e::run({"script", "-qefc", cmd, "/dev/null"}, {.env = e});
    }
};

}  // namespace

TEST_CASE("example: progress is plain off a terminal - quiet with -q - live on a terminal", "[e2e][example]") {
    require_engine();
    require_test_images();
    StackGuard guard(kStack);
    ProgressStack p;

    // Off a terminal (a pipe), colours allowed: one plain line per step.
    RunResult plain = p.run({"up"});
    INFO(plain.str());
    REQUIRE(plain.exit_code == 0);
    CHECK_FALSE(has_escape(plain.out + plain.err));
    std::regex step("^[a-z0-9_.-]+: (pending|pulling|creating|starting|waiting|done|failed|skipped)(: .*)?$");
    auto lines = lines_of(plain.err);
    REQUIRE(lines.size() >= 4);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) CHECK(std::regex_match(lines[i], step));
    CHECK(lines.back() == "3 done, 0 failed, 0 not started");
    for (const std::string c : {"e2ex-progress-one", "x4-two-1", "x4-two-2"}) {
        CHECK(std::count(lines.begin(), lines.end(), c + ": creating") == 1);
        CHECK(std::count(lines.begin(), lines.end(), c + ": done") == 1);
    }

    // -q: nothing on success...
    REQUIRE(p.run({"down"}).exit_code == 0);
    RunResult quiet = p.run({"up", "-q"});
    INFO(quiet.str());
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.out.empty());
    CHECK(quiet.err.empty());
    // ...and only the errors on failure.
    RunResult quiet_fail = p.run({"up", "-q", "--pull", "never"}, {{"INFRACTL_IMAGES", p.dir.write("images.yaml",
        "images:\n  \"infractl-test/busybox:1\": \"infractl-local/e2ex-missing:1\"\n")}});
    INFO(quiet_fail.str());
    CHECK(quiet_fail.exit_code == 1);
    CHECK(quiet_fail.out.empty());
    for (const auto& l : lines_of(quiet_fail.err)) CHECK((l.rfind("error: ", 0) == 0 || l.rfind("  ", 0) == 0));
    CHECK(quiet_fail.err.find("infractl-local/e2ex-missing:1") != std::string::npos);

    // On a terminal: the live view moves the cursor and ends on the final states.
    REQUIRE(p.run({"down"}).exit_code == 0);
    RunResult tty = p.on_tty("up");
    INFO(tty.str());
    CHECK(tty.exit_code == 0);
    CHECK(tty.out.find("\x1b[2K") != std::string::npos);
    CHECK(std::regex_search(tty.out, std::regex("\x1b\\[[0-9]+A")));
    CHECK(has_colour(tty.out));
    CHECK(std::regex_search(tty.out, std::regex("x4-two-2 +\x1b\\[32mdone")));

    // NO_COLOR and --no-color: the live view stays, its colours go.
    REQUIRE(p.run({"down"}).exit_code == 0);
    RunResult no_color_env = p.on_tty("up", {{"NO_COLOR", "1"}});
    INFO(no_color_env.str());
    CHECK(no_color_env.exit_code == 0);
    CHECK_FALSE(has_colour(no_color_env.out));
    CHECK(std::regex_search(no_color_env.out, std::regex("x4-two-2 +done")));
    REQUIRE(p.run({"down"}).exit_code == 0);
    RunResult no_color_flag = p.on_tty("up --no-color");
    INFO(no_color_flag.str());
    CHECK(no_color_flag.exit_code == 0);
    CHECK_FALSE(has_colour(no_color_flag.out));
    RunResult piped_flag = p.run({"status", "--no-color"});
    CHECK_FALSE(has_escape(piped_flag.out + piped_flag.err));
}
