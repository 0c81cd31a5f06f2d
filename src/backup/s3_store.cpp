#include "infractl/backup/s3_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "infractl/core/error.hpp"

namespace infractl {

namespace {

std::string env_or(const ContainerSpec& spec, const std::string& name, const std::string& fallback) {
    auto it = spec.environment.find(name);
    return it == spec.environment.end() || it->second.value.empty() ? fallback : it->second.value;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

S3Endpoint managed_s3_endpoint(const std::string& service, const std::string& endpoint) {
    const std::string hint = "write the managed endpoint as http(s)://ACCESS_KEY:SECRET_KEY@HOST:PORT";
    std::string_view url = endpoint;
    std::string_view scheme = url.starts_with("https://")  ? "https://"
                              : url.starts_with("http://") ? "http://"
                                                           : "";
    if (scheme.empty())
        throw Error(
            ErrorKind::refused,
            fmt::format("the S3 store '{}' is managed at an endpoint that is not an http(s) URL", service),
            hint);
    std::string_view rest = url.substr(scheme.size());
    std::string_view authority = rest.substr(0, rest.find('/'));
    auto at = authority.rfind('@');
    auto colon = at == std::string_view::npos ? std::string_view::npos : authority.substr(0, at).find(':');
    if (colon == std::string_view::npos)
        throw Error(ErrorKind::refused,
                    fmt::format("the S3 store '{}' is managed at an endpoint without credentials", service),
                    hint);
    S3Endpoint ep;
    ep.url = std::string(scheme) + std::string(authority.substr(at + 1));
    ep.access_key = percent_decode(authority.substr(0, colon));
    ep.secret_key = percent_decode(authority.substr(colon + 1, at - colon - 1));
    ep.name = fmt::format("the S3 store '{}' ({}, managed)", service, ep.url);
    return ep;
}

S3Endpoint stack_s3_endpoint(const DesiredState& desired, const std::string& service) {
    ServiceKey key{kGlobalProject, service};
    const std::string hint =
        fmt::format("the S3 store is the stack's global '{}' (choose another with --s3-service)", service);
    for (const auto& m : desired.managed)
        if (m.key == key) return managed_s3_endpoint(service, m.endpoint);
    if (std::find(desired.disabled.begin(), desired.disabled.end(), key) != desired.disabled.end())
        throw Error(ErrorKind::refused,
                    fmt::format("the S3 store '{}' is disabled by profile '{}'", service, desired.profile),
                    hint);
    const DesiredService* s = desired.find(key);
    if (s == nullptr)
        throw Error(
            ErrorKind::refused,
            fmt::format("the stack '{}' has no global service '{}' to hold backups", desired.stack, service),
            hint);
    for (const auto& p : s->spec.ports) {
        if (p.container_port != kS3ContainerPort || p.host_port == 0 || p.protocol != "tcp") continue;
        std::string host =
            p.host_ip.empty() || p.host_ip == "0.0.0.0" || p.host_ip == "::" ? "127.0.0.1" : p.host_ip;
        S3Endpoint ep;
        ep.url = fmt::format("http://{}:{}", host, p.host_port);
        ep.access_key = env_or(s->spec, "MINIO_ROOT_USER", "minioadmin");
        ep.secret_key = env_or(s->spec, "MINIO_ROOT_PASSWORD", "minioadmin");
        ep.name = fmt::format("the S3 store '{}' ({})", service, ep.url);
        return ep;
    }
    throw Error(
        ErrorKind::refused,
        fmt::format("the S3 store '{}' publishes no host port for {}: infractl reaches it through this host",
                    service, kS3ContainerPort),
        fmt::format("add a port such as \"127.0.0.1:9000:{}\" to '{}'", kS3ContainerPort, service));
}

}  // namespace infractl
