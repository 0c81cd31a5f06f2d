#include <catch2/catch.hpp>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include "infractl/core/error.hpp"
#include "infractl/state/stack_lock.hpp"
#include "support/temp_dir.hpp"

using namespace infractl;
using test::TempDir;

namespace {

const Duration k200ms{200'000'000};

// Forks a process that takes the lock and then sleeps until killed; returns
// its pid once it holds the lock.
pid_t hold_in_child(const std::string& dir) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        try {
            auto lock = StackLock::acquire(dir, "shop", "up", Duration{0});
            char ok = 'y';
            if (::write(fds[1], &ok, 1) != 1) ::_exit(2);
            for (int i = 0; i < 300; ++i) ::usleep(100'000);  // bounded: 30 s
        } catch (...) {
        }
        ::_exit(0);
    }
    ::close(fds[1]);
    char ok = 0;
    REQUIRE(::read(fds[0], &ok, 1) == 1);
    ::close(fds[0]);
    return pid;
}

}  // namespace

TEST_CASE("stack lock: a second locker times out naming the holder - then takes it when the holder dies") {
    TempDir dir;
    pid_t child = hold_in_child(dir.path);
    std::vector<std::string> waits;
    try {
        StackLock::acquire(dir.path, "shop", "down", k200ms, [&](const std::string& m) { waits.push_back(m); });
        FAIL("acquired a lock held by another process");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::lock_timeout);
        std::string prefix = "timed out after 200ms waiting for the lock on stack 'shop' held by pid " +
                             std::to_string(child) + " (infractl up, since ";
        CHECK(std::string(e.what()).rfind(prefix, 0) == 0);
        CHECK(e.hint() == "wait for that command to finish, or raise --lock-timeout");
    }
    REQUIRE(waits.size() == 1);
    CHECK(waits[0].rfind("waiting for the lock on stack 'shop' held by pid " + std::to_string(child) +
                             " (infractl up, since ",
                         0) == 0);

    // SIGKILL: no clean-up code runs, the kernel drops the flock.
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    auto lock = StackLock::acquire(dir.path, "shop", "down", k200ms);
    auto holder = read_lock_holder(lock.path());
    REQUIRE(holder);
    CHECK(holder->pid == ::getpid());
    CHECK(holder->command == "down");
}

TEST_CASE("stack lock: released at scope exit - other stacks are independent") {
    TempDir dir;
    {
        auto a = StackLock::acquire(dir.path, "shop", "up", Duration{0});
        auto b = StackLock::acquire(dir.path, "blog", "up", Duration{0});  // another stack: no wait
        CHECK_THROWS_AS(StackLock::acquire(dir.path, "shop", "scale", Duration{0}), Error);
    }
    auto again = StackLock::acquire(dir.path, "shop", "scale", Duration{0});
    CHECK(again.path() == dir.path + "/shop.lock");
}

TEST_CASE("stack lock: a released lock file names nobody") {
    TempDir dir;
    { auto a = StackLock::acquire(dir.path, "shop", "up", Duration{0}); }
    CHECK_FALSE(read_lock_holder(dir.path + "/shop.lock"));
    CHECK(LockHolder{}.str() == "another infractl");
    CHECK(LockHolder{42, "up", "10:00:00"}.str() == "pid 42 (infractl up, since 10:00:00)");
}
