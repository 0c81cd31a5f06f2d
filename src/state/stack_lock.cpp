#include "infractl/state/stack_lock.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

#include <fmt/format.h>

#include "infractl/core/error.hpp"
#include "infractl/state/state_dir.hpp"

namespace infractl {

namespace {

std::string now_hms() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    return buf;
}

// Best effort: the holder info only improves the waiting message, so a
// failure to write it must not fail the command.
bool write_holder(int fd, const std::string& text) {
    return ::ftruncate(fd, 0) == 0 && (text.empty() || ::pwrite(fd, text.data(), text.size(), 0) >= 0);
}

std::string holder_text(const std::string& path) {
    auto h = read_lock_holder(path);
    return h ? h->str() : "another infractl";
}

}  // namespace

std::string LockHolder::str() const {
    if (pid <= 0) return "another infractl";
    return fmt::format("pid {} (infractl {}, since {})", pid, command, since);
}

std::string stack_lock_path(const std::string& state_dir, const std::string& stack) {
    return state_dir + "/" + stack + ".lock";
}

std::optional<LockHolder> read_lock_holder(const std::string& path) {
    std::ifstream in(path);
    LockHolder h;
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string key = line.substr(0, eq), value = line.substr(eq + 1);
        if (key == "pid") h.pid = std::strtol(value.c_str(), nullptr, 10);
        if (key == "command") h.command = value;
        if (key == "since") h.since = value;
    }
    if (h.pid <= 0) return std::nullopt;
    return h;
}

StackLock StackLock::acquire(const std::string& state_dir, const std::string& stack, const std::string& command,
                             Duration timeout, const std::function<void(const std::string&)>& on_wait) {
    ensure_state_dir(state_dir);
    std::string path = stack_lock_path(state_dir, stack);
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        throw Error(ErrorKind::invalid_input, fmt::format("cannot open lock file {}: {}", path, std::strerror(errno)));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(timeout.ns);
    bool told = false;
    int polls = 0;
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            int err = errno;
            ::close(fd);
            throw Error(ErrorKind::internal, fmt::format("cannot lock {}: {}", path, std::strerror(err)));
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            std::string holder = holder_text(path);
            ::close(fd);
            throw Error(ErrorKind::lock_timeout,
                        fmt::format("timed out after {} waiting for the lock on stack '{}' held by {}",
                                    format_duration(timeout), stack, holder),
                        "wait for that command to finish, or raise --lock-timeout");
        }
        // The holder writes its pid just after it takes the lock: give it a
        // moment (10 polls) so the message can name it.
        if (!told && on_wait && (read_lock_holder(path) || ++polls > 10)) {
            on_wait(fmt::format("waiting for the lock on stack '{}' held by {}", stack, holder_text(path)));
            told = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    write_holder(fd, fmt::format("pid={}\ncommand={}\nsince={}\n", ::getpid(), command, now_hms()));
    return StackLock(fd, std::move(path));
}

StackLock::StackLock(StackLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) { other.fd_ = -1; }

StackLock& StackLock::operator=(StackLock&& other) noexcept {
    if (this != &other) {
        release();
        fd_ = other.fd_;
        path_ = std::move(other.path_);
        other.fd_ = -1;
    }
    return *this;
}

StackLock::~StackLock() { release(); }

// Clears the holder info while still holding the lock, so no later waiter
// reads it about a process that has finished.
void StackLock::release() {
    if (fd_ < 0) return;
    write_holder(fd_, "");
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
    fd_ = -1;
}

}  // namespace infractl
