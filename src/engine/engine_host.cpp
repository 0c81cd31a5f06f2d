// Where the engine listens: -H / DOCKER_HOST, as the docker CLI spells it.
#include <fmt/format.h>

#include <cstdlib>

#include "infractl/engine/docker_engine.hpp"

namespace infractl {

namespace {

std::string parse_from(std::string_view host, std::string_view source) {
    constexpr std::string_view scheme = "unix://";
    const std::string hint = "use unix:///path/to/docker.sock, e.g. unix:///var/run/docker.sock";
    std::string from = source.empty() ? std::string() : fmt::format(" (from {})", source);
    if (!host.starts_with(scheme)) {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("unsupported engine host '{}'{}: infractl talks to the engine over a Unix socket only",
                                host, from),
                    hint);
    }
    std::string_view path = host.substr(scheme.size());
    if (path.empty() || path.front() != '/') {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("invalid engine host '{}'{}: the socket path must be absolute", host, from), hint);
    }
    return std::string(path);
}

}  // namespace

std::string parse_engine_host(std::string_view host) { return parse_from(host, ""); }

std::string engine_socket_path(const std::string& host_flag) {
    if (!host_flag.empty()) return parse_from(host_flag, "-H");
    const char* env = std::getenv("DOCKER_HOST");
    if (env != nullptr && *env != '\0') return parse_from(env, "DOCKER_HOST");
    return kDefaultDockerSocket;
}

}  // namespace infractl
