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

}  // namespace

S3Endpoint stack_s3_endpoint(const DesiredState& desired, const std::string& service) {
    ServiceKey key{kGlobalProject, service};
    const std::string hint = fmt::format("the S3 store is the stack's global '{}' (choose another with --s3-service)", service);
    if (std::any_of(desired.managed.begin(), desired.managed.end(), [&](const auto& m) { return m.key == key; }))
        throw Error(ErrorKind::refused,
                    fmt::format("the S3 store '{}' is managed by profile '{}': backups to it are not supported yet",
                                service, desired.profile),
                    "back up to a file with --to FILE, then copy it to the managed store");
    if (std::find(desired.disabled.begin(), desired.disabled.end(), key) != desired.disabled.end())
        throw Error(ErrorKind::refused, fmt::format("the S3 store '{}' is disabled by profile '{}'", service, desired.profile),
                    hint);
    const DesiredService* s = desired.find(key);
    if (s == nullptr)
        throw Error(ErrorKind::refused, fmt::format("the stack '{}' has no global service '{}' to hold backups", desired.stack, service),
                    hint);
    for (const auto& p : s->spec.ports) {
        if (p.container_port != kS3ContainerPort || p.host_port == 0 || p.protocol != "tcp") continue;
        std::string host = p.host_ip.empty() || p.host_ip == "0.0.0.0" || p.host_ip == "::" ? "127.0.0.1" : p.host_ip;
        S3Endpoint ep;
        ep.url = fmt::format("http://{}:{}", host, p.host_port);
        ep.access_key = env_or(s->spec, "MINIO_ROOT_USER", "minioadmin");
        ep.secret_key = env_or(s->spec, "MINIO_ROOT_PASSWORD", "minioadmin");
        ep.name = fmt::format("the S3 store '{}' ({})", service, ep.url);
        return ep;
    }
    throw Error(ErrorKind::refused,
                fmt::format("the S3 store '{}' publishes no host port for {}: infractl reaches it through this host",
                            service, kS3ContainerPort),
                fmt::format("add a port such as \"127.0.0.1:9000:{}\" to '{}'", kS3ContainerPort, service));
}

}  // namespace infractl
