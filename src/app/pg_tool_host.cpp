// PgTool on this host, for a managed endpoint: pg_dump / pg_restore from
// postgresql-client-15 as a child process with three pipes. The endpoint's
// password travels in the child's environment (PGPASSWORD), which only this
// user and root can read, never in its argv.
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <set>

#include "infractl/core/error.hpp"
#include "pg_tool.hpp"

extern char** environ;

namespace infractl {

namespace {

// Debian's versioned bindir first: /usr/bin/pg_dump is pg_wrapper, which
// picks a version by its own rules (a cluster it finds, ~/.postgresqlrc).
std::string program_path(const std::string& name) {
    std::string versioned = "/usr/lib/postgresql/15/bin/" + name;
    return ::access(versioned.c_str(), X_OK) == 0 ? versioned : name;
}

std::vector<std::string> child_env(const std::vector<std::pair<std::string, std::string>>& extra) {
    std::set<std::string> replaced;
    for (const auto& [k, v] : extra) replaced.insert(k);
    std::vector<std::string> out;
    for (char** e = environ; e && *e; ++e) {
        std::string_view kv(*e);
        std::string key(kv.substr(0, kv.find('=')));
        if (!replaced.count(key)) out.emplace_back(kv);
    }
    for (const auto& [k, v] : extra) out.push_back(k + "=" + v);
    return out;
}

void nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

class HostTool : public PgTool {
public:
    HostTool(const std::vector<std::string>& argv,
             const std::vector<std::pair<std::string, std::string>>& env, bool with_stdin, Sink on_stdout)
        : out_(std::move(on_stdout)) {
        int in[2], out[2], err[2];
        if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
            throw Error(ErrorKind::internal, fmt::format("pipe: {}", std::strerror(errno)));
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, in[0], 0);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_adddup2(&fa, err[1], 2);
        std::string path = program_path(argv[0]);
        std::vector<char*> cargv;
        for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
        cargv[0] = path.data();
        cargv.push_back(nullptr);
        std::vector<std::string> envs = child_env(env);
        std::vector<char*> cenv;
        for (auto& e : envs) cenv.push_back(e.data());
        cenv.push_back(nullptr);
        int rc = ::posix_spawnp(&pid_, path.c_str(), &fa, nullptr, cargv.data(), cenv.data());
        posix_spawn_file_actions_destroy(&fa);
        ::close(in[0]);
        ::close(out[1]);
        ::close(err[1]);
        in_ = in[1];
        out_fd_ = out[0];
        err_fd_ = err[0];
        if (rc != 0) {
            close_all();
            throw Error(ErrorKind::refused, fmt::format("cannot run {}: {}", path, std::strerror(rc)),
                        "install postgresql-client-15 (scripts/install-deps.sh)");
        }
        nonblocking(in_);
        nonblocking(out_fd_);
        nonblocking(err_fd_);
        if (!with_stdin) close_input();
    }

    ~HostTool() override {
        close_all();
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
    }

    bool write(std::string_view data) override {
        while (!data.empty()) {
            if (in_ < 0) return false;
            pump(true);
            if (in_ < 0) return false;
            ssize_t n = ::write(in_, data.data(), data.size());
            if (n > 0)
                data.remove_prefix(static_cast<std::size_t>(n));
            else if (n < 0 && errno == EPIPE)
                return false;  // the tool ended (SIGPIPE is ignored below)
        }
        return true;
    }

    int finish() override {
        close_input();
        while (out_fd_ >= 0 || err_fd_ >= 0) pump(false);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        if (WIFEXITED(status)) return WEXITSTATUS(status);
        return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    }

private:
    // Waits for output (or room on stdin when `for_write`) and reads what came.
    void pump(bool for_write) {
        pollfd fds[3] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}, {for_write ? in_ : -1, POLLOUT, 0}};
        if (::poll(fds, 3, 1000) <= 0) return;
        if (fds[0].revents) read_from(out_fd_, false);
        if (fds[1].revents) read_from(err_fd_, true);
        if (fds[2].revents & (POLLERR | POLLHUP)) close_input();
    }

    void read_from(int& fd, bool is_err) {
        char buf[64 * 1024];
        while (fd >= 0) {
            ssize_t n = ::read(fd, buf, sizeof buf);
            if (n > 0) {
                std::string_view chunk(buf, static_cast<std::size_t>(n));
                if (is_err)
                    keep_stderr(chunk);
                else if (out_)
                    out_(chunk);
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
            ::close(fd);
            fd = -1;
        }
    }

    void close_input() {
        if (in_ >= 0) ::close(in_);
        in_ = -1;
    }
    void close_all() {
        for (int* fd : {&in_, &out_fd_, &err_fd_}) {
            if (*fd >= 0) ::close(*fd);
            *fd = -1;
        }
    }

    Sink out_;
    pid_t pid_ = -1;
    int in_ = -1, out_fd_ = -1, err_fd_ = -1;
};

}  // namespace

std::unique_ptr<PgTool> start_host_tool(const std::vector<std::string>& argv,
                                        const std::vector<std::pair<std::string, std::string>>& env,
                                        bool with_stdin, PgTool::Sink on_stdout) {
    // A tool that exits while we still write must give EPIPE, not kill infractl.
    std::signal(SIGPIPE, SIG_IGN);
    return std::make_unique<HostTool>(argv, env, with_stdin, std::move(on_stdout));
}

}  // namespace infractl
