#include "infractl/engine/hijack.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include "infractl/engine/docker_json.hpp"

namespace infractl {

namespace {

CURL* handle(void* p) { return static_cast<CURL*>(p); }

// Waits until `fd` is ready for `events` or `timeout` passes; false on timeout.
bool wait_for(int fd, short events, std::chrono::milliseconds timeout) {
    pollfd p{fd, events, 0};
    int rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
    return rc > 0;
}

TransportError dropped(const std::string& what, const std::string& detail) {
    return TransportError(fmt::format("{}: the connection to the engine failed: {}", what, detail), "", true, true);
}

long status_of(std::string_view head) {
    // "HTTP/1.1 101 UPGRADED"
    auto sp = head.find(' ');
    if (sp == std::string_view::npos) return 0;
    long status = 0;
    std::from_chars(head.data() + sp + 1, head.data() + head.size(), status);
    return status;
}

std::size_t content_length(std::string_view head) {
    std::string lower(head);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    std::size_t n = 0;
    std::size_t from = at + 17;
    while (from < lower.size() && lower[from] == ' ') ++from;
    std::from_chars(lower.data() + from, lower.data() + lower.size(), n);
    return n;
}

}  // namespace

HijackedConnection::HijackedConnection(const std::string& socket_path, const std::string& target,
                                       const std::string& json_body, const std::string& what,
                                       std::chrono::seconds head_timeout) {
    curl_ = curl_easy_init();
    if (curl_ == nullptr) throw Error(ErrorKind::internal, "libcurl could not create a handle");
    curl_easy_setopt(handle(curl_), CURLOPT_UNIX_SOCKET_PATH, socket_path.c_str());
    curl_easy_setopt(handle(curl_), CURLOPT_URL, "http://localhost/");
    curl_easy_setopt(handle(curl_), CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(handle(curl_), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle(curl_), CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    CURLcode rc = curl_easy_perform(handle(curl_));
    if (rc != CURLE_OK) {
        long os_errno = 0;
        curl_easy_getinfo(handle(curl_), CURLINFO_OS_ERRNO, &os_errno);
        curl_easy_cleanup(handle(curl_));
        curl_ = nullptr;
        throw TransportError(fmt::format("{}: cannot reach the engine at unix://{}: {}", what, socket_path,
                                         os_errno != 0 ? std::strerror(static_cast<int>(os_errno))
                                                       : curl_easy_strerror(rc)),
                             "start the engine: sudo systemctl start docker, or scripts/engine-up.sh", false,
                             false);
    }
    curl_socket_t sock = CURL_SOCKET_BAD;
    curl_easy_getinfo(handle(curl_), CURLINFO_ACTIVESOCKET, &sock);
    fd_ = static_cast<int>(sock);

    send_all(fmt::format("POST {} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                         "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
                         target, json_body.size(), json_body));

    auto deadline = std::chrono::steady_clock::now() + head_timeout;
    std::string got;
    std::size_t end = std::string::npos;
    while ((end = got.find("\r\n\r\n")) == std::string::npos) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !wait_for(fd_, POLLIN, left))
            throw TransportError(fmt::format("{}: the engine did not answer within {} s", what, head_timeout.count()),
                                 "the engine may be overloaded; check `docker info`", true, false);
        std::string_view part = recv_some();
        if (part.empty() && closed_) throw dropped(what, "closed before its answer");
        got.append(part);
    }
    std::string_view head(got.data(), end);
    pending_ = got.substr(end + 4);
    long status = status_of(head);
    if (status == 101 || status == 200) return;

    // A refusal: read its (short) body for the engine's message.
    HttpResponse resp;
    resp.status = status;
    resp.body = pending_;
    pending_.clear();
    std::size_t want = std::min<std::size_t>(content_length(head), 64 * 1024);
    while (resp.body.size() < want && wait_for(fd_, POLLIN, std::chrono::seconds(5))) {
        std::string_view part = recv_some();
        if (part.empty() && closed_) break;
        resp.body.append(part);
    }
    throw engine_error(resp, what);
}

HijackedConnection::~HijackedConnection() {
    if (curl_ != nullptr) curl_easy_cleanup(handle(curl_));
}

void HijackedConnection::send_all(std::string_view data) {
    while (!data.empty()) {
        std::size_t sent = 0;
        CURLcode rc = curl_easy_send(handle(curl_), data.data(), data.size(), &sent);
        if (rc == CURLE_AGAIN) {
            wait_for(fd_, POLLOUT, std::chrono::seconds(1));
            continue;
        }
        if (rc != CURLE_OK) throw dropped("send to the engine", curl_easy_strerror(rc));
        data.remove_prefix(sent);
    }
}

std::size_t HijackedConnection::send_some(std::string_view data) {
    std::size_t sent = 0;
    CURLcode rc = curl_easy_send(handle(curl_), data.data(), data.size(), &sent);
    if (rc == CURLE_AGAIN) return 0;
    if (rc != CURLE_OK) throw dropped("send to the engine", curl_easy_strerror(rc));
    return sent;
}

std::string_view HijackedConnection::recv_some() {
    if (!pending_.empty()) {
        buf_.swap(pending_);
        pending_.clear();
        return buf_;
    }
    buf_.resize(64 * 1024);
    std::size_t n = 0;
    CURLcode rc = curl_easy_recv(handle(curl_), buf_.data(), buf_.size(), &n);
    if (rc == CURLE_AGAIN) return {};
    if (rc != CURLE_OK || n == 0) {
        closed_ = true;
        return {};
    }
    return std::string_view(buf_.data(), n);
}

void HijackedConnection::close_write() {
    if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

}  // namespace infractl
