#include "infractl/engine/docker_exec.hpp"

#include <fmt/format.h>

#include <thread>

#include "infractl/engine/docker_json.hpp"
#include "infractl/engine/json_read.hpp"

namespace infractl {

using nlohmann::json;
namespace jr = jsonr;
using namespace std::chrono_literals;

std::string exec_create(DockerEngine& engine, const std::string& container, const ExecSpec& spec) {
    std::string what = fmt::format("exec in '{}'", container);
    json body = {{"AttachStdin", spec.attach_stdin}, {"AttachStdout", true}, {"AttachStderr", true},
                 {"Tty", spec.tty},                  {"Cmd", spec.cmd}};
    HttpResponse made = engine.call_ok({.method = "POST",
                                        .target = "/containers/" + path_escape(container) + "/exec",
                                        .json_body = body.dump(),
                                        .retry = Retry::never},
                                       what);
    std::string id = jr::str(parse_engine_json(made.body, what), "Id");
    if (id.empty()) throw Error(ErrorKind::malformed_response, what + ": the engine returned no exec id");
    return id;
}

std::unique_ptr<HijackedConnection> exec_start(DockerEngine& engine, const std::string& exec_id, bool tty,
                                               const std::string& what) {
    json body = {{"Detach", false}, {"Tty", tty}};
    std::string target = "/v" + engine.api_version() + "/exec/" + exec_id + "/start";
    return std::make_unique<HijackedConnection>(engine.socket_path(), target, body.dump(), what);
}

void exec_resize(DockerEngine& engine, const std::string& exec_id, int rows, int cols) {
    try {
        engine.call_ok({.method = "POST", .target = fmt::format("/exec/{}/resize?h={}&w={}", exec_id, rows, cols)},
                       "resize the exec's terminal");
    } catch (const Error&) {
        // The process may have ended (or not started yet): its TTY size no longer matters.
    }
}

int exec_exit_code(DockerEngine& engine, const std::string& exec_id, const std::string& what) {
    for (int i = 0; i < 40; ++i) {
        json st = parse_engine_json(engine.call_ok({.target = "/exec/" + exec_id + "/json"}, what).body, what);
        if (!jr::boolean(st, "Running")) return static_cast<int>(jr::i64(st, "ExitCode"));
        std::this_thread::sleep_for(50ms);
    }
    throw Error(ErrorKind::server_error, what + ": the command's output ended but it still runs after 2 s");
}

}  // namespace infractl
