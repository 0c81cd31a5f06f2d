#pragma once
// The HTTP side of `infractl metrics --listen`: libmicrohttpd serving
// GET /metrics (and HEAD) from a callback that takes a fresh sample per
// request; any other path is 404, another method on /metrics 405. One
// internal thread answers the requests one at a time, so the callback never
// runs twice at once (the Session it reads is not thread-safe).
#include <functional>
#include <memory>
#include <string>

#include "infractl/core/listen_address.hpp"

struct MHD_Daemon;

namespace infractl {

class MetricsServer {
public:
    // The body for one scrape; an exception becomes a 500 with its message.
    using Sample = std::function<std::string()>;

    // Listens at once; throws Error(invalid_input) when the address cannot be
    // bound (taken, not on this machine), with the OS's reason.
    MetricsServer(const ListenAddress& at, Sample sample);
    ~MetricsServer();  // stops listening; a request in progress is finished first
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    int port() const;  // the bound port (the kernel's choice when asked for 0)

private:
    Sample sample_;
    MHD_Daemon* daemon_ = nullptr;
};

}  // namespace infractl
