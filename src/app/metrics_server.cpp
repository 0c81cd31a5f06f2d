#include "infractl/app/metrics_server.hpp"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "infractl/core/error.hpp"

namespace infractl {

namespace {

// The content type of the text exposition format (version 0.0.4).
constexpr const char* kExpositionType = "text/plain; version=0.0.4; charset=utf-8";

MHD_Result respond(MHD_Connection* connection, unsigned status, const std::string& body, const char* type) {
    MHD_Response* r = MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()),
                                                      MHD_RESPMEM_MUST_COPY);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_Result ok = MHD_queue_response(connection, status, r);
    MHD_destroy_response(r);
    return ok;
}

// Called by libmicrohttpd once the request line and headers are in (GET and
// HEAD have no body to wait for, so the first call answers).
MHD_Result on_request(void* cls, MHD_Connection* connection, const char* url, const char* method,
                      const char* /*version*/, const char* /*upload_data*/, size_t* upload_data_size,
                      void** /*con_cls*/) {
    const auto& sample = *static_cast<const MetricsServer::Sample*>(cls);
    if (std::strcmp(url, "/metrics") != 0)
        return respond(connection, MHD_HTTP_NOT_FOUND, "not found: infractl serves /metrics only\n", "text/plain");
    bool head = std::strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    if (!head && std::strcmp(method, MHD_HTTP_METHOD_GET) != 0)
        return respond(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET /metrics\n", "text/plain");
    *upload_data_size = 0;
    try {
        return respond(connection, MHD_HTTP_OK, sample(), kExpositionType);
    } catch (const std::exception& e) {
        return respond(connection, MHD_HTTP_INTERNAL_SERVER_ERROR, fmt::format("infractl: {}\n", e.what()),
                       "text/plain");
    }
}

}  // namespace

MetricsServer::MetricsServer(const ListenAddress& at, Sample sample) : sample_(std::move(sample)) {
    sockaddr_storage storage{};
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (at.ipv6) {
        auto* a6 = reinterpret_cast<sockaddr_in6*>(&storage);
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons(static_cast<uint16_t>(at.port));
        inet_pton(AF_INET6, at.host.c_str(), &a6->sin6_addr);
        flags |= MHD_USE_IPv6;
    } else {
        auto* a4 = reinterpret_cast<sockaddr_in*>(&storage);
        a4->sin_family = AF_INET;
        a4->sin_port = htons(static_cast<uint16_t>(at.port));
        inet_pton(AF_INET, at.host.c_str(), &a4->sin_addr);
    }
    errno = 0;
    daemon_ = MHD_start_daemon(flags, static_cast<uint16_t>(at.port), nullptr, nullptr, &on_request, &sample_,
                               MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&storage),
                               MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (!daemon_) {
        int err = errno;
        throw Error(ErrorKind::invalid_input,
                    fmt::format("cannot listen on {}: {}", at.str(), err ? std::strerror(err) : "refused by libmicrohttpd"),
                    "is another process using the port? pick another with --listen");
    }
}

MetricsServer::~MetricsServer() {
    if (daemon_) MHD_stop_daemon(daemon_);
}

int MetricsServer::port() const {
    const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

}  // namespace infractl
