// The canonical form is a compatibility promise: containers created by one
// infractl version carry its hash, and a later version must compute the same
// hash for the same spec or every container would be recreated on upgrade.
// So it is written by hand here (no library serialiser whose output could
// change), one record per line, collections sorted, and versioned by its
// first line. Changing anything below is a breaking change: bump the version
// line and say so in the changelog. tests/unit/resolve/config_hash_test.cpp
// pins the exact hash of a fixed spec.

#include <algorithm>
#include <cstdio>
#include <memory>
#include <tuple>

#include "infractl/core/error.hpp"
#include "infractl/core/sha256.hpp"
#include "infractl/resolve/desired_state.hpp"
#include "infractl/resolve/resolve.hpp"

namespace infractl {

namespace {

// A quoted string with JSON-style escapes, so no value can forge a separator.
std::string q(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

std::string list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + q(items[i]);
    return out + "]";
}

std::string optional_list(const std::optional<std::vector<std::string>>& items) {
    return items ? list(*items) : "absent";
}

bool excluded_label(const std::string& key) { return key == label::replica || key == label::config_hash; }

void add_ports(std::string& out, std::vector<PortMapping> ports) {
    std::sort(ports.begin(), ports.end(), [](const PortMapping& a, const PortMapping& b) {
        return std::tie(a.container_port, a.protocol, a.host_ip, a.host_port) <
               std::tie(b.container_port, b.protocol, b.host_ip, b.host_port);
    });
    for (const auto& p : ports)
        out += "port " + q(p.host_ip) + " " + std::to_string(p.host_port) + " " + std::to_string(p.container_port) +
               " " + q(p.protocol) + "\n";
}

void add_mounts(std::string& out, std::vector<ContainerSpec::Mount> mounts) {
    std::sort(mounts.begin(), mounts.end(), [](const auto& a, const auto& b) {
        return std::tie(a.target, a.source, a.is_volume, a.read_only) <
               std::tie(b.target, b.source, b.is_volume, b.read_only);
    });
    for (const auto& m : mounts)
        out += std::string("mount ") + (m.is_volume ? "volume " : "bind ") + q(m.source) + " " + q(m.target) +
               (m.read_only ? " ro" : " rw") + "\n";
}

void add_healthcheck(std::string& out, const std::optional<Healthcheck>& hc) {
    if (!hc) {
        out += "healthcheck absent\n";
        return;
    }
    out += "healthcheck test " + list(hc->test) + " interval " + std::to_string(hc->interval.ns) + " timeout " +
           std::to_string(hc->timeout.ns) + " start_period " + std::to_string(hc->start_period.ns) + " retries " +
           std::to_string(hc->retries) + " disabled " + (hc->disabled ? "true" : "false") + "\n";
}

}  // namespace

std::string canonical_form(const ContainerSpec& spec) {
    std::string out = "infractl-hash-v1\n";
    out += "image " + q(spec.image) + "\n";
    out += "command " + optional_list(spec.command) + "\n";
    out += "entrypoint " + optional_list(spec.entrypoint) + "\n";
    for (const auto& [k, v] : spec.environment) out += "env " + q(k) + " " + q(v.value) + "\n";
    for (const auto& [k, v] : spec.labels)
        if (!excluded_label(k)) out += "label " + q(k) + " " + q(v) + "\n";
    add_ports(out, spec.ports);
    add_mounts(out, spec.mounts);
    std::vector<std::string> networks = spec.networks;
    std::sort(networks.begin(), networks.end());
    for (const auto& n : networks) out += "network " + q(n) + "\n";
    out += "alias " + q(spec.network_alias) + "\n";
    add_healthcheck(out, spec.healthcheck);
    out += "user " + q(spec.user) + "\n";
    out += "working_dir " + q(spec.working_dir) + "\n";
    out += "stop_signal " + q(spec.stop_signal) + "\n";
    out += "stop_grace_period " + std::to_string(spec.stop_grace_period.ns) + "\n";
    // Only written when there are secrets, so the hash of every spec without
    // them is what it was before secrets existed.
    std::vector<ContainerSpec::SecretMount> secrets = spec.secrets;
    std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.target < b.target; });
    for (const auto& s : secrets) out += "secret " + q(s.target) + " " + q(s.file_id) + "\n";
    return out;
}

std::string config_hash(const ContainerSpec& spec) { return sha256_hex(canonical_form(spec)); }

std::string secret_file_id(const std::string& content, int uid, int gid, int mode) {
    return sha256_hex("infractl-secret-v1\n" + std::to_string(uid) + " " + std::to_string(gid) + " " +
                      std::to_string(mode) + "\n" + content);
}

}  // namespace infractl
