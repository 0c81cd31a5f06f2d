#pragma once
// A connection the engine turns into a raw duplex stream (exec with stdin):
// the request asks for `Connection: Upgrade` / `Upgrade: tcp`, the engine
// answers `101 UPGRADED` (older engines: 200) and from then on the socket
// carries the process's stdin one way and its output the other.
//
// libcurl cannot hand a socket over in the middle of a response, so the
// connection is opened with CURLOPT_CONNECT_ONLY (libcurl still does the
// Unix-socket connect and its errors) and the request and the answer's head
// go through curl_easy_send / curl_easy_recv. Only the head is parsed here:
// status line, headers up to the blank line, and the body of a refusal.
#include <chrono>
#include <string>
#include <string_view>

#include "infractl/engine/http_client.hpp"

namespace infractl {

class HijackedConnection {
public:
    // Connects to `socket_path`, sends `POST target` with `json_body` and reads
    // the answer's head (up to `head_timeout`). Throws TransportError when
    // the socket cannot be reached or drops, Error(engine error kinds, as
    // engine_error) with the engine's message when it answers >= 300.
    HijackedConnection(const std::string& socket_path, const std::string& target, const std::string& json_body,
                       const std::string& what, std::chrono::seconds head_timeout = std::chrono::seconds(30));
    ~HijackedConnection();
    HijackedConnection(const HijackedConnection&) = delete;
    HijackedConnection& operator=(const HijackedConnection&) = delete;

    // The socket, for poll(); it is non-blocking.
    int fd() const { return fd_; }
    // Sends every byte (waiting for the socket to drain when it is full).
    void send_all(std::string_view data);
    // Sends what the socket takes now, without waiting; returns how many
    // bytes (0 = full, poll for POLLOUT). For loops that must keep reading
    // the output while they write (a restore streaming its archive in).
    std::size_t send_some(std::string_view data);
    // Bytes that are there now (the first call also returns what arrived with
    // the head). Empty with closed() = the engine ended the stream; empty
    // otherwise = nothing yet (poll again).
    std::string_view recv_some();
    bool closed() const { return closed_; }
    // Ends the write half (shutdown SHUT_WR): the process reads end of file
    // on its stdin, the output keeps coming.
    void close_write();

private:
    void* curl_ = nullptr;  // CURL*
    int fd_ = -1;
    bool closed_ = false;
    std::string pending_;  // bytes read past the head, handed out first
    std::string buf_;
};

}  // namespace infractl
