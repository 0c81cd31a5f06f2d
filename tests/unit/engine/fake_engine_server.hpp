#pragma once
// A scripted HTTP server on a Unix socket, to test what a real dockerd will
// not do on demand: 503s, dropped connections, truncated or mistyped JSON,
// in-band pull errors. Each accepted request consumes the next scripted
// answer; the answer's raw bytes are written and the connection closed
// ("" = close without answering, a dropped connection).
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace infractl::testing {

inline std::string http_answer(int status, const std::string& body, const std::string& extra_headers = "") {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n" + extra_headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

inline std::string ping_answer(const std::string& api = "1.41", const std::string& extra = "") {
    return http_answer(200, "OK", "Api-Version: " + api + "\r\n" + extra);
}

class FakeEngineServer {
public:
    explicit FakeEngineServer(std::vector<std::string> answers) : answers_(std::move(answers)) {
        char tmpl[] = "/tmp/infractl-fake-XXXXXX";
        dir_ = mkdtemp(tmpl);
        path_ = dir_ + "/engine.sock";
        fd_ = socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path_.c_str(), sizeof(addr.sun_path) - 1);
        if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 16) != 0) std::abort();
        thread_ = std::thread([this] { serve(); });
    }
    ~FakeEngineServer() {
        shutdown(fd_, SHUT_RDWR);
        close(fd_);
        thread_.join();
        std::filesystem::remove_all(dir_);
    }
    const std::string& socket_path() const { return path_; }
    // Request lines seen so far: "GET /v1.41/containers/x/json".
    std::vector<std::string> requests() {
        std::lock_guard<std::mutex> lock(mu_);
        return requests_;
    }

private:
    void serve() {
        for (std::size_t i = 0; i < answers_.size(); ++i) {
            int c = accept(fd_, nullptr, nullptr);
            if (c < 0) return;
            std::string req = read_request(c);
            {
                std::lock_guard<std::mutex> lock(mu_);
                requests_.push_back(req.substr(0, req.find(" HTTP/")));
            }
            const std::string& a = answers_[i];
            for (std::size_t off = 0; off < a.size();) {
                ssize_t n = write(c, a.data() + off, a.size() - off);
                if (n <= 0) break;
                off += static_cast<std::size_t>(n);
            }
            close(c);
        }
    }
    static std::string read_request(int c) {
        std::string buf;
        char tmp[4096];
        for (;;) {
            auto end = buf.find("\r\n\r\n");
            if (end != std::string::npos) {
                auto cl = buf.find("Content-Length: ");
                std::size_t want = cl == std::string::npos || cl > end ? 0 : std::stoul(buf.substr(cl + 16));
                if (buf.size() >= end + 4 + want) return buf;
            }
            ssize_t n = read(c, tmp, sizeof tmp);
            if (n <= 0) return buf;
            buf.append(tmp, static_cast<std::size_t>(n));
        }
    }

    std::vector<std::string> answers_;
    std::string dir_, path_;
    int fd_ = -1;
    std::thread thread_;
    std::mutex mu_;
    std::vector<std::string> requests_;
};

}  // namespace infractl::testing
