// Reads each running PostgreSQL primary's view of its read replicas for
// `status`: one `docker exec psql` per primary, as the replication role over
// the local socket (pg_stat_replication shows a walsender's details to the
// role it runs as). Replay lag in bytes is the WAL the primary has written
// that the replica has not replayed yet; in seconds, pg_stat_replication's
// replay_lag (the time the last replayed commit took to reach replay).
#include <charconv>

#include <spdlog/spdlog.h>

#include "infractl/core/error.hpp"
#include "infractl/engine/docker_engine.hpp"
#include "infractl/resolve/read_replicas.hpp"

namespace infractl {

namespace {

constexpr const char* kQuery =
    "SELECT s.slot_name, coalesce(r.state, ''), "
    "coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn)::bigint, -1), "
    "coalesce(extract(epoch FROM r.replay_lag), 0) "
    "FROM pg_replication_slots s LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid "
    "WHERE s.slot_name LIKE 'infractl\\_replica\\_%' ORDER BY 1";

bool is_role(const ObservedContainer& c, const char* role) {
    auto it = c.labels.find(label::role);
    return it != c.labels.end() && it->second == role;
}

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out(1);
    for (char ch : line) {
        if (ch == sep) out.emplace_back();
        else out.back() += ch;
    }
    return out;
}

}  // namespace

std::map<int, ObservedState::Replication> parse_replication_rows(const std::string& rows) {
    std::map<int, ObservedState::Replication> out;
    std::size_t at = 0;
    while (at < rows.size()) {
        std::size_t end = rows.find('\n', at);
        std::string line = rows.substr(at, end == std::string::npos ? std::string::npos : end - at);
        at = end == std::string::npos ? rows.size() : end + 1;
        auto f = split(line, '|');
        const std::string prefix = "infractl_replica_";
        if (f.size() != 4 || !f[0].starts_with(prefix)) continue;
        int n = 0;
        auto [p, ec] = std::from_chars(f[0].data() + prefix.size(), f[0].data() + f[0].size(), n);
        if (ec != std::errc() || n < 1) continue;
        ObservedState::Replication r;
        r.state = f[1];
        std::from_chars(f[2].data(), f[2].data() + f[2].size(), r.lag_bytes);
        try {
            r.lag_seconds = std::stod(f[3]);
        } catch (const std::exception&) {
            r.lag_seconds = 0;
        }
        out[n] = r;
    }
    return out;
}

void observe_replication(DockerEngine& engine, ObservedState& st) {
    for (const auto& primary : st.containers) {
        if (!is_role(primary, "primary") || primary.state != ContainerState::running) continue;
        std::string rows;
        try {
            if (engine.exec(primary.id, {"psql", "-XtAq", "-F", "|", "-U", kReplicationUser, "-d", "postgres", "-c", kQuery},
                            rows) != 0)
                continue;
        } catch (const Error& e) {
            spdlog::debug("replication of {}: {}", primary.name, e.what());
            continue;
        }
        std::string companion = replica_service_name(primary.service());
        for (const auto& [n, r] : parse_replication_rows(rows))
            for (const auto& c : st.containers)
                if (c.project() == primary.project() && c.service() == companion && c.replica() == n)
                    st.replication[c.name] = r;
    }
}

}  // namespace infractl
