#include "infractl/engine/http_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

namespace infractl {

namespace {

// 8 tries, 3.55 s of backoff in all: enough that a daemon answering 503 to a
// third of the calls still gets through (0.3^8 per call), short enough that a
// daemon that is really gone is reported within seconds.
constexpr int kMaxAttempts = 8;
constexpr auto kMaxBackoff = std::chrono::milliseconds(1000);
constexpr std::size_t kMaxPooledHandles = 16;

// libcurl's global init is not thread-safe; do it once, before any handle.
// Without TLS: the engine is reached over its Unix socket only (engine_host),
// and initialising OpenSSL's TLS side costs every command start-up time.
void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_NOTHING); });
}

// State shared with the libcurl callbacks of one transfer.
struct Transfer {
    CURL* handle = nullptr;
    HttpResponse* resp = nullptr;
    const std::function<void(std::string_view)>* on_line = nullptr;
    bool raw_chunks = false;  // hand on_line each chunk as it is, not lines
    std::string line;
    bool too_big = false;
    std::exception_ptr callback_error;

    bool streaming() {
        if (on_line == nullptr) return false;
        long status = 0;
        curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
        return status > 0 && status < 300;
    }
    void feed_lines(std::string_view chunk) {
        if (raw_chunks) {
            (*on_line)(chunk);
            return;
        }
        for (char c : chunk) {
            if (c != '\n') {
                line.push_back(c);
                continue;
            }
            if (!line.empty()) (*on_line)(line);
            line.clear();
        }
    }
};

std::size_t on_body(char* data, std::size_t size, std::size_t nmemb, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::size_t n = size * nmemb;
    std::string& sink = t->streaming() ? t->line : t->resp->body;
    if (sink.size() + n > kMaxBodyBytes) {
        t->too_big = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    try {
        if (t->streaming()) {
            t->feed_lines(std::string_view(data, n));
        } else {
            t->resp->body.append(data, n);
        }
    } catch (...) {
        t->callback_error = std::current_exception();
        return 0;
    }
    return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(user);
    return cancel->load() ? 1 : 0;  // non-zero aborts with CURLE_ABORTED_BY_CALLBACK
}

std::size_t on_header(char* data, std::size_t size, std::size_t nmemb, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string_view h(data, size * nmemb);
    if (h.starts_with("HTTP/")) {
        t->resp->headers.clear();  // a new response (after 100 Continue)
        return h.size();
    }
    auto colon = h.find(':');
    if (colon == std::string_view::npos) return h.size();
    std::string name(h.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string_view value = h.substr(colon + 1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
    t->resp->headers[name] = std::string(value);
    return h.size();
}

TransportError connect_error(const std::string& socket, long os_errno) {
    const std::string start_hint = "start the engine: sudo systemctl start docker, or scripts/engine-up.sh";
    const std::string where = "unix://" + socket;
    switch (os_errno) {
        case ENOENT:
            return TransportError(fmt::format("cannot reach the engine at {}: no such socket", where), start_hint,
                                  false, false);
        case EACCES:
        case EPERM:
            return TransportError(fmt::format("cannot reach the engine at {}: permission denied", where),
                                  "permission denied: add yourself to the docker group or run as root", false,
                                  false);
        case ECONNREFUSED:
            return TransportError(fmt::format("cannot reach the engine at {}: connection refused", where),
                                  start_hint, false, true);
        default:
            return TransportError(fmt::format("cannot reach the engine at {}: {}", where,
                                              os_errno != 0 ? std::strerror(static_cast<int>(os_errno))
                                                            : "connect failed"),
                                  start_hint, false, true);
    }
}

}  // namespace

std::string HttpResponse::header(const std::string& lowercase_name) const {
    auto it = headers.find(lowercase_name);
    return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Pool {
    std::mutex mu;
    std::vector<CURL*> idle;
    std::string api_version = "1.41";

    CURL* acquire() {
        {
            std::lock_guard<std::mutex> lock(mu);
            if (!idle.empty()) {
                CURL* h = idle.back();
                idle.pop_back();
                return h;
            }
        }
        CURL* h = curl_easy_init();
        if (h == nullptr) throw Error(ErrorKind::internal, "libcurl could not create a handle");
        return h;
    }
    void release(CURL* h) {
        std::lock_guard<std::mutex> lock(mu);
        if (idle.size() < kMaxPooledHandles) {
            idle.push_back(h);
        } else {
            curl_easy_cleanup(h);
        }
    }
    ~Pool() {
        for (CURL* h : idle) curl_easy_cleanup(h);
    }
};

HttpClient::HttpClient(std::string socket_path) : socket_path_(std::move(socket_path)) {
    global_init();
    pool_ = std::make_unique<Pool>();
}

HttpClient::~HttpClient() = default;

void HttpClient::set_api_version(std::string version) {
    std::lock_guard<std::mutex> lock(pool_->mu);
    pool_->api_version = std::move(version);
}

std::string HttpClient::api_version() const {
    std::lock_guard<std::mutex> lock(pool_->mu);
    return pool_->api_version;
}

std::string HttpClient::url_for(const HttpRequest& req) const {
    if (req.unversioned) return "http://localhost" + req.target;
    return "http://localhost/v" + api_version() + req.target;
}

HttpResponse HttpClient::send_once(const HttpRequest& req, const std::function<void(std::string_view)>* on_line,
                                   bool raw_chunks) {
    CURL* h = pool_->acquire();
    struct Release {
        Pool* pool;
        CURL* h;
        ~Release() { pool->release(h); }
    } release{pool_.get(), h};
    // reset keeps the handle's live connection, which is the point of pooling.
    curl_easy_reset(h);

    HttpResponse resp;
    Transfer t{h, &resp, on_line, raw_chunks};
    std::string url = url_for(req);
    curl_slist* headers = curl_slist_append(nullptr, "Expect:");
    if (req.json_body) headers = curl_slist_append(headers, "Content-Type: application/json");
    else if (req.raw_body) headers = curl_slist_append(headers, ("Content-Type: " + req.content_type).c_str());
    struct FreeHeaders {
        curl_slist* l;
        ~FreeHeaders() { curl_slist_free_all(l); }
    } free_headers{headers};

    curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, socket_path_.c_str());
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    // libcurl silently sends a request again when a reused connection turns
    // out closed; for a create that may already have happened that second
    // send is a 409 (found with the fault proxy). A fresh connection is never
    // resent.
    if (req.retry == Retry::never) curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
    if (req.timeout.count() > 0) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(req.timeout.count() * 1000));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (req.method == "POST" || req.json_body || req.raw_body) {
        // POSTFIELDS is not copied: point at storage that outlives the perform.
        const std::optional<std::string>& body = req.json_body ? req.json_body : req.raw_body;
        const char* data = body ? body->data() : "";
        std::size_t size = body ? body->size() : 0;
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(size));
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, data);
    }
    if (req.method != "GET" && req.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
    if (req.cancel != nullptr) {
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(req.cancel));
    }

    auto started = std::chrono::steady_clock::now();
    CURLcode rc = curl_easy_perform(h);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp.status);
    spdlog::debug("engine {} {} -> {} ({} ms)", req.method, req.target,
                  rc == CURLE_OK ? std::to_string(resp.status) : curl_easy_strerror(rc), ms.count());

    if (t.callback_error) std::rethrow_exception(t.callback_error);
    if (t.too_big) {
        throw Error(ErrorKind::malformed_response,
                    fmt::format("the engine's answer to {} {} is larger than {} MiB", req.method, req.target,
                                kMaxBodyBytes >> 20));
    }
    if (rc == CURLE_ABORTED_BY_CALLBACK) {
        throw Error(ErrorKind::interrupted, fmt::format("{} {} was cancelled", req.method, req.target));
    }
    if (rc == CURLE_COULDNT_CONNECT) {
        long os_errno = 0;
        curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
        throw connect_error(socket_path_, os_errno);
    }
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        throw TransportError(fmt::format("the engine at unix://{} did not answer {} {} within {} s", socket_path_,
                                         req.method, req.target, req.timeout.count()),
                             "the engine may be overloaded; check `docker info`", true, false);
    }
    if (rc != CURLE_OK) {
        throw TransportError(fmt::format("connection to the engine at unix://{} failed during {} {}: {}",
                                         socket_path_, req.method, req.target, curl_easy_strerror(rc)),
                             "", true, true);
    }
    if (on_line != nullptr && !t.line.empty() && resp.status < 300) (*on_line)(t.line);
    return resp;
}

HttpResponse HttpClient::send(const HttpRequest& req) {
    auto delay = std::chrono::milliseconds(50);
    for (int attempt = 1;; ++attempt) {
        bool last = attempt == kMaxAttempts;
        try {
            HttpResponse resp = send_once(req, nullptr);
            if (resp.status != 503 || req.retry != Retry::idempotent || last) return resp;
        } catch (const TransportError& e) {
            bool safe = req.retry == Retry::idempotent || !e.may_have_reached_engine();
            if (!safe || !e.transient() || last) throw;
        }
        std::this_thread::sleep_for(delay);
        delay = std::min(delay * 2, kMaxBackoff);
    }
}

HttpResponse HttpClient::stream_lines(const HttpRequest& req, const std::function<void(std::string_view)>& on_line) {
    return send_once(req, &on_line);
}

HttpResponse HttpClient::stream_chunks(const HttpRequest& req,
                                       const std::function<void(std::string_view)>& on_chunk) {
    return send_once(req, &on_chunk, true);
}

std::vector<HttpResponse> HttpClient::send_all(const std::vector<HttpRequest>& reqs, std::size_t max_parallel) {
    std::vector<HttpResponse> out(reqs.size());
    run_parallel(reqs.size(), max_parallel, [&](std::size_t i) { out[i] = send(reqs[i]); });
    return out;
}

void run_parallel(std::size_t n, std::size_t max_threads, const std::function<void(std::size_t)>& fn) {
    std::vector<std::exception_ptr> errors(n);
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < n; i = next++) {
            try {
                fn(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    std::size_t extra = std::min(n, std::max<std::size_t>(max_threads, 1)) - (n > 0 ? 1 : 0);
    std::vector<std::thread> threads;
    threads.reserve(extra);
    for (std::size_t i = 0; i < extra; ++i) threads.emplace_back(worker);
    worker();
    for (auto& th : threads) th.join();
    for (auto& e : errors) {
        if (e) std::rethrow_exception(e);
    }
}

std::string url_encode(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out += fmt::format("%{:02X}", c);
        }
    }
    return out;
}

}  // namespace infractl
