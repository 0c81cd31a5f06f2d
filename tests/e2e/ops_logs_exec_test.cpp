// logs and exec against the real dockerd (issue 13, items 1 and 2): the
// lines of every replica with their prefixes, stdout and stderr apart in
// JSON, --follow across a scale-up and a scale-down, exit codes and piped
// stdin through exec, and the one-line errors for unknown names.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <thread>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;
using namespace std::chrono_literals;

namespace {

// Says who it is on stdout and on stderr, then sleeps until SIGTERM.
RcService talker(const std::string& key, const std::string& project, int replicas) {
    RcService s{.key = key, .project = project, .replicas = replicas};
    s.extra = {R"(command: ["/bin/sh", "-c", "echo out-$(hostname); echo err-$(hostname) >&2; trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done"])"};
    return s;
}

std::string hostname_of(const std::string& container) { return inspect(container, "{{.Config.Hostname}}").value_or("?"); }

bool has_line(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("logs: every replica's lines with their prefix; json keeps stdout and stderr apart", "[e2e][ops]") {
    RcStack stack("e2e-ops-logs", {"net"}, {talker("web", "opsl", 2), talker("cache", "", 1)});
    RunResult up = stack.run({"up", "--wait"});
    REQUIRE(up.exit_code == 0);
    std::string h1 = hostname_of("opsl-web-1"), h2 = hostname_of("opsl-web-2"), hc = hostname_of("e2e-ops-logs-cache");

    RunResult logs;
    bool all = wait_until(
        [&] {
            logs = stack.run({"logs"});
            return logs.exit_code == 0 && logs.out.find("err-" + hc) != std::string::npos &&
                   logs.out.find("err-" + h2) != std::string::npos && logs.out.find("err-" + h1) != std::string::npos;
        },
        20s, 500ms);
    INFO(logs.str());
    REQUIRE(all);
    // Padded to the widest prefix, "opsl/web#1".
    CHECK(has_line(logs.out, "opsl/web#1 | out-" + h1));
    CHECK(has_line(logs.out, "opsl/web#2 | err-" + h2));
    CHECK(has_line(logs.out, "cache#1    | out-" + hc));
    CHECK(logs.out.find("\x1b[") == std::string::npos);  // no colour off a terminal

    RunResult one = stack.run({"logs", "opsl", "web", "--replica", "2", "--tail", "1", "--timestamps"});
    INFO(one.str());
    REQUIRE(one.exit_code == 0);
    CHECK(std::count(one.out.begin(), one.out.end(), '\n') == 1);
    CHECK(one.out.starts_with("opsl/web#2 | 20"));  // the engine's RFC 3339 time follows the prefix

    // The talkers wrote their lines when they started: none is newer than a
    // second once two have passed, all are newer than an hour.
    std::this_thread::sleep_for(2s);
    RunResult recent = stack.run({"logs", "opsl", "--since", "1s"});
    CHECK(recent.exit_code == 0);
    CHECK(recent.out.empty());
    CHECK(lines_with(stack.run({"logs", "opsl", "--since", "1h"}).out, "opsl/web#").size() == 4);

    RunResult json = stack.run({"-o", "json", "logs", "opsl", "web", "--replica", "1"});
    INFO(json.str());
    REQUIRE(json.exit_code == 0);
    std::map<std::string, std::string> stream_of;
    for (const auto& line : lines_with(json.out, "{")) {
        auto j = nlohmann::json::parse(line);
        CHECK(j["project"] == "opsl");
        CHECK(j["service"] == "web");
        CHECK(j["replica"] == 1);
        CHECK(j["container"] == "opsl-web-1");
        stream_of[j["line"].get<std::string>()] = j["stream"].get<std::string>();
    }
    CHECK(stream_of["out-" + h1] == "stdout");
    CHECK(stream_of["err-" + h1] == "stderr");
}

TEST_CASE("logs --follow attaches to a replica a scale-up adds and says when one goes", "[e2e][ops]") {
    RcStack stack("e2e-ops-follow", {"net"}, {talker("web", "opsf", 1)});
    REQUIRE(stack.run({"up", "--wait"}).exit_code == 0);
    std::string h1 = hostname_of("opsf-web-1");

    Spawned follow(stack.argv({"logs", "--follow", "opsf", "web"}), stack.env(), stack.dir() + "/follow");
    CHECK(wait_until([&] { return has_line(follow.out_so_far(), "opsf/web#1 | out-" + h1); }, 20s));

    RunResult up = stack.run({"scale", "opsf", "web=2"});
    REQUIRE(up.exit_code == 0);
    std::string h2 = hostname_of("opsf-web-2");
    bool picked_up = wait_until([&] { return has_line(follow.out_so_far(), "opsf/web#2 | err-" + h2); }, 20s);
    INFO("stdout:\n" << follow.out_so_far() << "\nstderr:\n" << follow.err_so_far());
    CHECK(picked_up);
    CHECK(follow.err_so_far().find("infractl: opsf/web#2 appeared: following it") != std::string::npos);

    REQUIRE(stack.run({"scale", "opsf", "web=1"}).exit_code == 0);
    CHECK(wait_until([&] { return follow.err_so_far().find("infractl: opsf/web#2 is gone (removed)") != std::string::npos; },
                     20s));
    CHECK(follow.running());

    follow.signal(SIGTERM);
    RunResult ended = follow.wait(20s);
    INFO(ended.str());
    CHECK_FALSE(ended.timed_out);
    CHECK(ended.exit_code == 130);
    // Replica 1's first lines were printed once, not again when the list was looked at anew.
    CHECK(lines_with(ended.out, "out-" + h1).size() == 1);
}

TEST_CASE("exec: the command's exit code, piped stdin, the replica asked for", "[e2e][ops]") {
    RcStack stack("e2e-ops-exec", {"net"}, {talker("web", "opsx", 2), talker("idle", "opsx", 1)});
    REQUIRE(stack.run({"up", "--wait"}).exit_code == 0);

    RunResult code = stack.run({"exec", "opsx", "web", "--", "sh", "-c", "echo to-err >&2; exit 7"});
    INFO(code.str());
    CHECK(code.exit_code == 7);
    CHECK(code.err == "to-err\n");

    RunResult cat = stack.run({"exec", "opsx", "web", "--", "cat"}, {.stdin_text = "hi\nthere\n"});
    INFO(cat.str());
    CHECK(cat.exit_code == 0);
    CHECK(cat.out == "hi\nthere\n");  // no TTY in a pipe: no \r\n

    RunResult second = stack.run({"exec", "opsx", "web", "--replica", "2", "--", "hostname"});
    CHECK(second.exit_code == 0);
    CHECK(second.out == hostname_of("opsx-web-2") + "\n");
    RunResult lowest = stack.run({"exec", "opsx", "web", "--", "hostname"});
    CHECK(lowest.out == hostname_of("opsx-web-1") + "\n");

    REQUIRE(docker({"stop", "-t", "1", "opsx-idle-1"}).exit_code == 0);
    RunResult none = stack.run({"exec", "opsx", "idle", "--", "true"});
    CHECK(none.exit_code == 1);
    CHECK(none.err ==
          "infractl: opsx/idle has no running replica (hint: start it with `infractl up`; `infractl status` shows "
          "its replicas)\n");
}

TEST_CASE("logs and exec: an unknown project or service is one clear line, exit 1", "[e2e][ops]") {
    RcStack stack("e2e-ops-names", {"net"}, {talker("web", "opsn", 1)});
    static const struct {
        std::vector<std::string> args;
        const char* err;
    } cases[] = {
        {{"logs", "opsm"}, "infractl: unknown project 'opsm' (hint: did you mean 'opsn'?)\n"},
        {{"logs", "opsn", "wep"}, "infractl: unknown service 'wep' in project 'opsn' (hint: did you mean 'web'?)\n"},
        {{"exec", "opsm", "web", "--", "true"}, "infractl: unknown project 'opsm' (hint: did you mean 'opsn'?)\n"},
        {{"exec", "opsn", "db", "--", "true"}, "infractl: unknown service 'db' in project 'opsn'\n"},
    };
    for (const auto& c : cases) {
        RunResult r = stack.run(c.args);
        INFO(r.str());
        CHECK(r.exit_code == 1);
        CHECK(r.err == c.err);
        CHECK(r.out.empty());
    }
    CHECK(stack_containers(stack.name()).empty());  // nothing was started
}

TEST_CASE("version: infractl's, the engine's and the API version; exit 69 without an engine", "[e2e][ops]") {
    require_engine();
    RunResult v = run_infractl({"version"});
    INFO(v.str());
    REQUIRE(v.exit_code == 0);
    CHECK(v.out.starts_with(std::string("infractl: ") + INFRACTL_VERSION + " (speaks engine API 1.41 to 1.44)\n"));
    CHECK(v.out.find("\nengine:   Docker ") != std::string::npos);
    CHECK(v.out.find("\napi:      1.4") != std::string::npos);

    RunResult j = run_infractl({"-o", "json", "version"});
    REQUIRE(j.exit_code == 0);
    auto doc = nlohmann::json::parse(j.out);
    CHECK(doc["infractl"]["version"] == INFRACTL_VERSION);
    CHECK(doc["engine"]["version"].get<std::string>() == engine().info().server_version);
    CHECK(doc["api_version"].get<std::string>() == engine().info().api_version);

    RunResult down = run_infractl({"-H", "unix:///nonexistent-ops.sock", "version"});
    CHECK(down.exit_code == 69);
    CHECK(down.out.starts_with("infractl: "));
    CHECK(down.err.find("no such socket") != std::string::npos);
}

TEST_CASE("exec and logs on a terminal: a TTY, colours unless NO_COLOR", "[e2e][ops]") {
    RcStack stack("e2e-ops-tty", {"net"}, {talker("web", "opst", 1)});
    REQUIRE(stack.run({"up", "--wait"}).exit_code == 0);
    // util-linux script(1) runs infractl on a pseudo-terminal: stdin and stdout are terminals.
    auto on_terminal = [&](const std::string& args, const EnvVars& env) {
        std::string cmd = std::string(INFRACTL_BINARY) + " -f " + stack.topology_path() + " " + args;
        RunOptions o{.env = env};
        for (const auto& kv : stack.env()) {
            if (kv.first != "NO_COLOR") o.env.push_back(kv);
        }
        return run({"script", "-qec", cmd, "/dev/null"}, o);
    };
    RunResult tty = on_terminal("exec opst web -- sh -c 'test -t 0 && test -t 1 && echo tty-yes; exit 3'", {});
    INFO(tty.str());
    CHECK(tty.exit_code == 3);
    CHECK(tty.out.find("tty-yes\r\n") != std::string::npos);

    std::string h = hostname_of("opst-web-1");
    RunResult coloured;
    CHECK(wait_until(
        [&] {
            coloured = on_terminal("logs opst web", {});
            return coloured.out.find("out-" + h) != std::string::npos;
        },
        20s, 500ms));
    INFO(coloured.str());
    CHECK(coloured.out.find("\x1b[") != std::string::npos);
    CHECK(coloured.out.find("opst/web#1 |\x1b[0m out-" + h) != std::string::npos);
    RunResult plain = on_terminal("logs opst web", {{"NO_COLOR", "1"}});
    CHECK(plain.out.find("\x1b[") == std::string::npos);
    CHECK(plain.out.find("opst/web#1 | out-" + h) != std::string::npos);
}
