// PgTool in a container: exec create + start on a hijacked connection, the
// output framed (no TTY), the exit code from the exec's state once it ended.
#include <fmt/format.h>
#include <poll.h>

#include "infractl/engine/docker_exec.hpp"
#include "infractl/engine/stream_frames.hpp"
#include "pg_tool.hpp"

namespace infractl {

void PgTool::keep_stderr(std::string_view s) {
    err_.append(s);
    constexpr std::size_t kKeep = 64 * 1024;
    if (err_.size() > kKeep) err_.erase(0, err_.size() - kKeep);
}

namespace {

class ExecTool : public PgTool {
public:
    ExecTool(DockerEngine& engine, const std::string& container_id, const std::string& what,
             const std::vector<std::string>& cmd, bool with_stdin, Sink on_stdout)
        : engine_(engine),
          what_(what),
          out_(std::move(on_stdout)),
          frames_([this](StdStream s, std::string_view p) {
              if (s == StdStream::stderr_)
                  keep_stderr(p);
              else if (out_)
                  out_(p);
          }) {
        exec_id_ =
            exec_create(engine, container_id, ExecSpec{.cmd = cmd, .tty = false, .attach_stdin = with_stdin});
        conn_ = exec_start(engine, exec_id_, false, what);
        if (!with_stdin) conn_->close_write();
    }

    bool write(std::string_view data) override {
        while (!data.empty()) {
            if (conn_->closed()) return false;
            pollfd p{conn_->fd(), POLLIN | POLLOUT, 0};
            if (::poll(&p, 1, 1000) <= 0) continue;
            if (p.revents & (POLLIN | POLLHUP | POLLERR)) drain();
            if (conn_->closed()) return false;
            if (p.revents & POLLOUT) data.remove_prefix(conn_->send_some(data));
        }
        return true;
    }

    int finish() override {
        if (!conn_->closed()) conn_->close_write();
        while (!conn_->closed()) {
            pollfd p{conn_->fd(), POLLIN, 0};
            if (::poll(&p, 1, 1000) > 0) drain();
        }
        return exec_exit_code(engine_, exec_id_, what_);
    }

private:
    // Everything there now; the sink may throw (a full disk): it propagates.
    void drain() {
        while (true) {
            std::string_view got = conn_->recv_some();
            if (got.empty()) return;
            frames_.feed(got);
        }
    }

    DockerEngine& engine_;
    std::string what_;
    Sink out_;
    FrameDecoder frames_;
    std::string exec_id_;
    std::unique_ptr<HijackedConnection> conn_;
};

}  // namespace

std::unique_ptr<PgTool> start_exec_tool(DockerEngine& engine, const std::string& container_id,
                                        const std::string& what, const std::vector<std::string>& cmd,
                                        bool with_stdin, PgTool::Sink on_stdout) {
    return std::make_unique<ExecTool>(engine, container_id, what, cmd, with_stdin, std::move(on_stdout));
}

}  // namespace infractl
