#pragma once
// HTTP/1.1 over the engine's Unix socket, with libcurl. Knows nothing about
// containers: it sends requests, keeps connections alive, retries what is safe
// to retry and reports transport failures as typed errors. HTTP statuses are
// returned, not thrown: the caller knows which status means what.
//
// Thread-safe: a pool of easy handles (each keeps its connection open) lets
// several threads send at once and later calls reuse warm connections.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infractl/core/error.hpp"

namespace infractl {

// Whether a request may be sent again after a transport failure.
enum class Retry {
    idempotent,  // GET, DELETE, start/stop: repeated on connection errors and 503
    never,       // create: the caller reconciles by name instead (see DockerEngine)
};

struct HttpRequest {
    std::string method = "GET";
    std::string target;  // "/containers/json?all=1"; prefixed with "/v<api>" unless unversioned
    std::optional<std::string> json_body;  // sent with Content-Type: application/json
    // Any other body (the tar of a build context), sent with content_type.
    std::optional<std::string> raw_body;
    std::string content_type;
    Retry retry = Retry::idempotent;
    // Whole-request limit; zero = none (streams: pulls may run for minutes).
    std::chrono::seconds timeout{60};
    bool unversioned = false;  // /_ping, used before the version is known
    // Streams only: set = the transfer is abandoned (Error(interrupted)); looked
    // at by libcurl's progress callback, about once a second on an idle stream.
    const std::atomic<bool>* cancel = nullptr;
};

struct HttpResponse {
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names lowercased
    std::string header(const std::string& lowercase_name) const;
};

// A failure below HTTP: no socket, refused, permission denied, dropped
// connection, timeout. kind() is engine_unavailable.
class TransportError : public Error {
public:
    TransportError(std::string message, std::string hint, bool may_have_reached_engine, bool transient)
        : Error(ErrorKind::engine_unavailable, std::move(message), std::move(hint)),
          may_have_reached_engine_(may_have_reached_engine),
          transient_(transient) {}
    // False only when the request certainly never left (connect failed), so a
    // non-idempotent request may safely be sent again.
    bool may_have_reached_engine() const { return may_have_reached_engine_; }
    // Worth another try (refused, dropped); a missing socket or EACCES is not.
    bool transient() const { return transient_; }

private:
    bool may_have_reached_engine_;
    bool transient_;
};

// Bodies above this are refused as malformed_response instead of exhausting memory.
inline constexpr std::size_t kMaxBodyBytes = 64u << 20;

class HttpClient {
public:
    explicit HttpClient(std::string socket_path);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    const std::string& socket_path() const { return socket_path_; }
    void set_api_version(std::string version);  // "1.41": later requests go to /v1.41/...
    std::string api_version() const;

    // Sends one request, retrying per req.retry: up to 8 tries, backoff 50 ms
    // doubling to at most 1 s (3.55 s in all), on connection failures and 503. Throws TransportError
    // (after the retries), or Error(malformed_response) for a body above
    // kMaxBodyBytes.
    HttpResponse send(const HttpRequest& req);

    // Like send, but hands every body line to on_line as it arrives (no
    // retries, no timeout unless req.timeout is set). For an answer with
    // status >= 300 the lines are not streamed but collected in .body.
    HttpResponse stream_lines(const HttpRequest& req, const std::function<void(std::string_view)>& on_line);
    // The same with the body's bytes as they arrive, unsplit (framed log
    // streams), and no size limit: the caller bounds what it keeps.
    HttpResponse stream_chunks(const HttpRequest& req, const std::function<void(std::string_view)>& on_chunk);

    // Sends every request, at most max_parallel at a time, and returns the
    // answers in request order. Throws the first failure (by index) after
    // all requests have finished.
    std::vector<HttpResponse> send_all(const std::vector<HttpRequest>& reqs, std::size_t max_parallel = 8);

private:
    struct Pool;
    HttpResponse send_once(const HttpRequest& req, const std::function<void(std::string_view)>* on_line,
                           bool raw_chunks = false);
    std::string url_for(const HttpRequest& req) const;

    std::string socket_path_;
    std::unique_ptr<Pool> pool_;
};

// Runs fn(0..n-1) on at most max_threads threads (the calling thread is one
// of them). Every index runs even when some throw; then the exception of the
// lowest failing index is rethrown.
void run_parallel(std::size_t n, std::size_t max_threads, const std::function<void(std::size_t)>& fn);

// Percent-encodes everything but unreserved characters (for query values).
std::string url_encode(std::string_view s);

}  // namespace infractl
