#pragma once
// A command run in a container through the engine's exec endpoints:
// POST /containers/{id}/exec makes the exec, POST /exec/{id}/start runs it
// on a hijacked connection (hijack.hpp) that carries stdin in and the output
// out (framed as stream_frames.hpp says without a TTY, raw with one), and
// GET /exec/{id}/json tells its exit code once it ended.
#include <memory>
#include <string>
#include <vector>

#include "infractl/engine/docker_engine.hpp"
#include "infractl/engine/hijack.hpp"

namespace infractl {

struct ExecSpec {
    std::vector<std::string> cmd;
    bool tty = false;
    bool attach_stdin = true;
};

// Returns the exec's id. Errors as DockerEngine's ("exec in 'name': <engine's message>").
std::string exec_create(DockerEngine& engine, const std::string& container, const ExecSpec& spec);
// Starts it, attached: the connection is the process's stdin and output.
std::unique_ptr<HijackedConnection> exec_start(DockerEngine& engine, const std::string& exec_id, bool tty,
                                               const std::string& what);
// The TTY's size; an exec that already ended is not an error.
void exec_resize(DockerEngine& engine, const std::string& exec_id, int rows, int cols);
// The exit code of an exec whose output ended (its state may trail the end
// of the stream by a moment: waits up to 2 s for Running to turn false).
int exec_exit_code(DockerEngine& engine, const std::string& exec_id, const std::string& what);

}  // namespace infractl
