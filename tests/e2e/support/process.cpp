// run(): fork/exec with captured stdout/stderr and a hard time bound.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>

#include "harness.hpp"

extern char** environ;

namespace infractl::e2e {

namespace {

std::vector<char*> c_strings(std::vector<std::string>& v) {
    std::vector<char*> out;
    for (auto& s : v) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

struct Pipe {
    int fd[2] = {-1, -1};
    Pipe() {
        if (pipe2(fd, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    ~Pipe() {
        for (int f : fd) {
            if (f >= 0) close(f);
        }
    }
    void close_end(int i) {
        if (fd[i] >= 0) close(fd[i]);
        fd[i] = -1;
    }
};

// Reads both pipes until they close or the deadline passes; false on timeout.
bool drain(Pipe& out, Pipe& err, RunResult& r, std::chrono::steady_clock::time_point deadline) {
    char buf[65536];
    while (out.fd[0] >= 0 || err.fd[0] >= 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd fds[2] = {{out.fd[0], POLLIN, 0}, {err.fd[0], POLLIN, 0}};
        if (poll(fds, 2, static_cast<int>(left.count())) < 0 && errno != EINTR) return false;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                (i == 0 ? out : err).close_end(0);
            }
        }
    }
    return true;
}

// The variables infractl (or the docker CLI) reads to decide what it does.
bool cleared_for_tests(const std::string& name) {
    return name.rfind("INFRACTL_", 0) == 0 || name == "DOCKER_HOST" || name == "NO_COLOR";
}

}  // namespace

std::vector<std::string> child_environment(const EnvVars& set) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string kv(*e);
        std::string name = kv.substr(0, kv.find('='));
        bool replaced = false;
        for (const auto& [k, v] : set) replaced = replaced || k == name;
        if (!replaced && !cleared_for_tests(name)) env.push_back(kv);
    }
    // Nor a specs/infractl.env that scripts/up.sh wrote (docs/cli.md, "The env
    // file"): no env file unless the test names one (or sets this to "").
    bool env_file_set = false;
    for (const auto& [k, v] : set) env_file_set = env_file_set || k == "INFRACTL_ENV_FILE";
    if (!env_file_set) env.push_back("INFRACTL_ENV_FILE=/dev/null");
    for (const auto& [k, v] : set) env.push_back(k + "=" + v);
    return env;
}

RunResult run(const std::vector<std::string>& argv_in, const RunOptions& opts) {
    std::vector<std::string> args = argv_in;
    std::vector<std::string> env = child_environment(opts.env);
    std::vector<char*> argv = c_strings(args), envp = c_strings(env);
    Pipe in, out, err;
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        setpgid(0, 0);  // so a timeout kills the whole tree
        dup2(in.fd[0], 0);
        dup2(out.fd[1], 1);
        dup2(err.fd[1], 2);
        if (!opts.cwd.empty() && chdir(opts.cwd.c_str()) != 0) _exit(126);
        execvpe(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    in.close_end(0);
    out.close_end(1);
    err.close_end(1);
    signal(SIGPIPE, SIG_IGN);
    if (!opts.stdin_text.empty()) {
        ssize_t ignored = write(in.fd[1], opts.stdin_text.data(), opts.stdin_text.size());
        (void)ignored;
    }
    in.close_end(1);

    RunResult r;
    auto deadline = std::chrono::steady_clock::now() + opts.timeout;
    if (!drain(out, err, r, deadline)) {
        r.timed_out = true;
        kill(-pid, SIGKILL);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

}  // namespace infractl::e2e
