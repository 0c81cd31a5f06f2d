#include "infractl/resolve/read_replicas.hpp"

#include <algorithm>
#include <cctype>

#include "infractl/resolve/naming.hpp"
#include "infractl/resolve/resolve.hpp"
#include "infractl/topology/service_checks.hpp"

namespace infractl {

namespace {

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

std::string env_or(const ContainerSpec& spec, const std::string& key, const std::string& fallback) {
    auto it = spec.environment.find(key);
    return it != spec.environment.end() && !it->second.value.empty() ? it->second.value : fallback;
}

// Ready means what a reader needs: in recovery (a standby, not a promoted
// copy) and its WAL receiver streaming from the primary. Over the local
// socket as the replication role, which every replica's cluster has (it is
// copied from the primary) and which local trust admits.
Healthcheck streaming_check() {
    Healthcheck hc;
    hc.test = {"CMD-SHELL",
               std::string("[ \"$(psql -XtAq -U ") + kReplicationUser +
                   " -d postgres -c \"SELECT pg_is_in_recovery() AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver "
                   "WHERE status = 'streaming')\")\" = t ]"};
    hc.interval = Duration{2'000'000'000};
    hc.timeout = Duration{5'000'000'000};
    // pg_basebackup copies the whole cluster before the server starts.
    hc.start_period = Duration{300'000'000'000};
    hc.retries = 5;
    return hc;
}

ContainerSpec replica_spec(const DesiredService& primary, const DesiredService& replica) {
    ContainerSpec spec = primary.spec;
    spec.labels.erase(label::config_hash);
    spec.labels[label::service] = replica.key.service;
    spec.labels[label::role] = "replica";
    // A fixed host port is the primary's; readers come over the network.
    spec.ports.clear();
    for (auto& m : spec.mounts)
        if (m.is_volume) m.source += std::string("-replica-") + kReplicaPlaceholder;
    auto env = [&](const char* k, std::string v) { spec.environment[k] = EnvValue{std::move(v), false, {}}; };
    env("INFRACTL_PRIMARY_HOST", primary.spec.network_alias);
    env("INFRACTL_PRIMARY_PORT", env_or(primary.spec, "PGPORT", "5432"));
    env("INFRACTL_REPLICATION_USER", kReplicationUser);
    env("INFRACTL_REPLICATION_SLOT", std::string("infractl_replica_") + kReplicaPlaceholder);
    spec.network_alias = network_alias(replica.key.project, replica.key.service, replica.global);
    spec.healthcheck = streaming_check();
    return spec;
}

}  // namespace

std::string replication_slot(int replica) { return "infractl_replica_" + std::to_string(replica); }

std::string replica_service_name(const std::string& primary_service) { return primary_service + "-replica"; }

std::optional<int> postgres_major(const std::string& image) {
    if (image.find('@') != std::string::npos) return std::nullopt;
    auto colon = image.rfind(':');
    auto slash = image.rfind('/');
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return std::nullopt;
    std::string tag = image.substr(colon + 1);
    std::size_t n = 0;
    while (n < tag.size() && n < 4 && std::isdigit(static_cast<unsigned char>(tag[n]))) ++n;
    if (n == 0) return std::nullopt;
    return std::stoi(tag.substr(0, n));
}

bool is_read_replica_service(const DesiredService& s) {
    auto it = s.spec.labels.find(label::role);
    return it != s.spec.labels.end() && it->second == "replica";
}

void fill_replica_number(ContainerSpec& spec, int replica) {
    auto it = spec.labels.find(label::role);
    if (it == spec.labels.end() || it->second != "replica") return;
    std::string n = std::to_string(replica);
    for (auto& m : spec.mounts)
        if (m.is_volume) replace_all(m.source, kReplicaPlaceholder, n);
    for (auto& [k, v] : spec.environment) replace_all(v.value, kReplicaPlaceholder, n);
}

void mark_primary(ContainerSpec& spec) {
    spec.labels[label::role] = "primary";
    spec.environment["INFRACTL_REPLICATION_USER"] = EnvValue{kReplicationUser, false, {}};
}

DesiredService make_replica_service(const DesiredService& primary, const std::string& stack) {
    DesiredService s;
    s.key = {primary.key.project, replica_service_name(primary.key.service)};
    s.global = primary.global;
    s.replicas = s.topology_replicas = primary.read_replicas;
    s.numbered = true;
    s.base_name = service_base_name(stack, s.key.project, s.key.service, s.global);
    s.stateful = true;
    bool healthy = primary.spec.healthcheck && !primary.spec.healthcheck->disabled;
    s.depends_on = {{primary.key, healthy ? DependCondition::service_healthy : DependCondition::service_started}};
    s.pull_policy = primary.pull_policy;
    s.build = primary.build;
    s.spec = replica_spec(primary, s);
    s.config_hash = config_hash(s.spec);
    s.spec.labels[label::config_hash] = s.config_hash;
    return s;
}

std::vector<DesiredVolume> replica_volumes(const DesiredService& s) {
    std::vector<DesiredVolume> out;
    auto role = s.spec.labels.find(label::role);
    if (role == s.spec.labels.end() || role->second != "replica") return out;
    std::map<std::string, std::string> owner;
    for (const char* k : {label::stack, label::project, label::managed_by})
        if (auto it = s.spec.labels.find(k); it != s.spec.labels.end()) owner[k] = it->second;
    std::string prefix = owner[label::stack] + "_" + (s.global ? "" : s.key.project + "_");
    for (const auto& c : s.containers)
        for (const auto& m : c.spec.mounts) {
            if (!m.is_volume) continue;
            std::string key = m.source.rfind(prefix, 0) == 0 ? m.source.substr(prefix.size()) : m.source;
            out.push_back(DesiredVolume{key, m.source, s.global ? std::string(kGlobalProject) : s.key.project, owner});
        }
    return out;
}

void add_replica_volumes(DesiredState& state) {
    for (const auto& s : state.services)
        for (auto& v : replica_volumes(s))
            if (std::none_of(state.volumes.begin(), state.volumes.end(),
                             [&](const DesiredVolume& d) { return d.name == v.name; }))
                state.volumes.push_back(std::move(v));
    std::sort(state.volumes.begin(), state.volumes.end(),
              [](const DesiredVolume& a, const DesiredVolume& b) { return a.name < b.name; });
}

std::vector<PgDataVolume> pg_data_volumes(const DesiredState& state) {
    std::vector<PgDataVolume> out;
    for (const auto& s : state.services) {
        auto role = s.spec.labels.find(label::role);
        if (!is_postgres_image(s.spec.image) || (role != s.spec.labels.end() && role->second == "replica")) continue;
        auto major = postgres_major(s.spec.image);
        if (!major) continue;
        std::string pgdata = env_or(s.spec, "PGDATA", "");
        for (const auto& m : s.spec.mounts) {
            if (!m.is_volume) continue;
            std::string path = "PG_VERSION";
            if (pgdata.rfind(m.target + "/", 0) == 0) path = pgdata.substr(m.target.size() + 1) + "/PG_VERSION";
            out.push_back({s.key, m.source, path, m.target, s.spec.image, *major});
        }
    }
    return out;
}

std::optional<std::string> read_url(const std::string& url, const std::set<std::string>& primary_hosts,
                                    const std::string& to) {
    std::size_t scheme = url.find("://");
    if (scheme == std::string::npos) return std::nullopt;
    std::string s = url.substr(0, scheme);
    if (s != "postgres" && s != "postgresql") return std::nullopt;
    std::size_t begin = scheme + 3;
    std::size_t end = url.find_first_of("/?", begin);
    if (end == std::string::npos) end = url.size();
    std::size_t at = url.rfind('@', end == url.size() ? std::string::npos : end - 1);
    std::size_t host = at != std::string::npos && at >= begin ? at + 1 : begin;
    std::size_t host_end = url.find(':', host);
    if (host_end == std::string::npos || host_end > end) host_end = end;
    if (!primary_hosts.count(url.substr(host, host_end - host))) return std::nullopt;
    return url.substr(0, host) + to + url.substr(host_end);
}

}  // namespace infractl
