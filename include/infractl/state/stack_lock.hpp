#pragma once
// One infractl at a time per stack: `up`, `down` and `scale` hold an
// exclusive flock(2) on "<state dir>/<stack>.lock" for their whole run. The
// kernel releases it when the holder exits or dies, so a crashed infractl
// never leaves a stale lock; the file itself stays, holding the last holder's
// pid, command and start time for the waiting message.
#include <functional>
#include <optional>
#include <string>

#include "infractl/core/units.hpp"

namespace infractl {

struct LockHolder {
    long pid = 0;
    std::string command;  // "up", "down", "scale"
    std::string since;    // local time "HH:MM:SS"
    // "pid 4242 (infractl up, since 14:03:12)", or "another infractl" when unknown.
    std::string str() const;
};

class StackLock {
public:
    // Takes the lock, waiting up to `timeout` (0 = try once). While waiting,
    // calls on_wait once with "waiting for the lock on stack 'x' held by pid N
    // (infractl up, since HH:MM:SS)". Creates state_dir if needed. Throws
    // Error(lock_timeout) naming the holder when the time is up.
    static StackLock acquire(const std::string& state_dir, const std::string& stack, const std::string& command,
                             Duration timeout, const std::function<void(const std::string&)>& on_wait = {});

    StackLock(StackLock&& other) noexcept;
    StackLock& operator=(StackLock&& other) noexcept;
    StackLock(const StackLock&) = delete;
    StackLock& operator=(const StackLock&) = delete;
    ~StackLock();  // releases

    const std::string& path() const { return path_; }

private:
    StackLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    void release();
    int fd_ = -1;
    std::string path_;
};

std::string stack_lock_path(const std::string& state_dir, const std::string& stack);
// What the lock file says about its last holder; nullopt when empty or unreadable.
std::optional<LockHolder> read_lock_holder(const std::string& path);

}  // namespace infractl
