// Spawned: a background infractl for the concurrency and Ctrl-C tests.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "reconcile_support.hpp"

namespace infractl::e2e::rc {

Spawned::Spawned(const std::vector<std::string>& argv_in,
                 const std::vector<std::pair<std::string, std::string>>& env_in, const std::string& out_prefix)
    : out_path_(out_prefix + ".out"), err_path_(out_prefix + ".err") {
    std::vector<std::string> args = argv_in, env = child_environment(env_in);
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0 || err < 0) throw std::runtime_error("cannot open " + out_prefix + ".out/.err");
    pid_ = fork();
    if (pid_ == 0) {
        setpgid(0, 0);
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        dup2(out, 1);
        dup2(err, 2);
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    close(out);
    close(err);
    if (pid_ < 0) throw std::runtime_error("fork failed");
}

Spawned::~Spawned() {
    if (!reaped_ && pid_ > 0) {
        kill(-pid_, SIGKILL);
        waitpid(pid_, &status_, 0);
    }
}

void Spawned::signal(int sig) const { kill(pid_, sig); }

bool Spawned::running() {
    if (reaped_) return false;
    if (waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
    return !reaped_;
}

std::string Spawned::err_so_far() const { return read_text(err_path_); }

std::string Spawned::out_so_far() const { return read_text(out_path_); }

RunResult Spawned::wait(std::chrono::seconds timeout) {
    RunResult r;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!reaped_) {
        r.timed_out = true;
        kill(-pid_, SIGKILL);
        waitpid(pid_, &status_, 0);
        reaped_ = true;
    }
    r.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
    r.out = read_text(out_path_);
    r.err = read_text(err_path_);
    return r;
}

}  // namespace infractl::e2e::rc
