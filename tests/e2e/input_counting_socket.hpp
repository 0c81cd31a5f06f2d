#pragma once
// A stand-in engine socket for tests that must prove infractl made no engine
// call: a Unix socket server that counts the connections it accepts and
// answers each with a 500, so a client that did connect fails fast instead of
// hanging. Zero connections = zero engine calls (every call, /_ping included,
// needs a connection).
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

namespace infractl::e2e {

class CountingSocket {
public:
    explicit CountingSocket(std::string path) : path_(std::move(path)) {
        fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        if (fd_ < 0 || path_.size() >= sizeof addr.sun_path) throw std::runtime_error("socket: " + path_);
        path_.copy(addr.sun_path, path_.size());
        ::unlink(path_.c_str());
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0)
            throw std::runtime_error("cannot listen on " + path_);
        thread_ = std::thread([this] { serve(); });
    }
    ~CountingSocket() {
        stop_ = true;
        thread_.join();
        ::close(fd_);
        ::unlink(path_.c_str());
    }
    CountingSocket(const CountingSocket&) = delete;
    CountingSocket& operator=(const CountingSocket&) = delete;

    const std::string& path() const { return path_; }
    std::string host() const { return "unix://" + path_; }
    int connections() const { return count_; }

private:
    void serve() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) continue;
            ++count_;
            pollfd q{c, POLLIN, 0};
            char buf[4096];
            if (::poll(&q, 1, 200) > 0) (void)::read(c, buf, sizeof buf);
            static const char kAnswer[] =
                "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                "Content-Length: 34\r\nConnection: close\r\n\r\n{\"message\":\"counting socket only\"}";
            (void)::write(c, kAnswer, sizeof kAnswer - 1);
            ::close(c);
        }
    }

    std::string path_;
    int fd_ = -1;
    std::atomic<bool> stop_{false};
    std::atomic<int> count_{0};
    std::thread thread_;
};

}  // namespace infractl::e2e
