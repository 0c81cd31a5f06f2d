#pragma once
// PostgreSQL read replicas (docs/stateful.md). A PostgreSQL service with
// `read_replicas: N` resolves into its primary plus a companion service
// "{service}-replica" whose containers `{project}-{service}-replica-{n}` stream
// from it, each on its own volume. The companion's template spec carries the
// placeholder kReplicaPlaceholder in its per-replica values (volume names,
// slot name) so one config hash covers every replica; set_replicas fills it
// in per container. Pure.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "infractl/resolve/desired_state.hpp"

namespace infractl {

inline constexpr const char* kReplicaPlaceholder = "{replica}";
inline constexpr const char* kReplicationUser = "infractl_replicator";
inline constexpr const char* kDefaultReadUrlEnv = "DATABASE_READ_URL";
// Slot of replica n on its primary: "infractl_replica_{n}".
std::string replication_slot(int replica);

// The companion service's name: "postgres" -> "postgres-replica".
std::string replica_service_name(const std::string& primary_service);

// The major version an image tag names ("postgres:16" -> 16,
// "infractl-local/postgres:15-r3" -> 15); nullopt for "latest", a digest or no tag.
std::optional<int> postgres_major(const std::string& image);

// The companion service of read replicas (label io.infractl.role=replica):
// run by the Docker backend only; the exporters and Swarm leave it out.
bool is_read_replica_service(const DesiredService& s);

// Per container: kReplicaPlaceholder in volume sources and environment values
// becomes `replica`. Only for a spec labelled io.infractl.role=replica.
void fill_replica_number(ContainerSpec& spec, int replica);

// The companion service of a primary that asks for read replicas, before
// set_replicas (containers empty) and with its config hash set.
// `primary.spec` is the primary's finished spec.
DesiredService make_replica_service(const DesiredService& primary, const std::string& stack);

// What the primary's spec gains when it has replicas: the role label and the
// variable that makes the image's entrypoint keep a replication role.
void mark_primary(ContainerSpec& spec);

// The volumes a replica service's containers mount, for DesiredState::volumes.
std::vector<DesiredVolume> replica_volumes(const DesiredService& s);
// Adds every replica service's volumes to state.volumes (sorted, unique):
// after resolve and after `scale` changed a count.
void add_replica_volumes(DesiredState& state);

// A volume holding a PostgreSQL primary's cluster, with the major version the
// desired image runs: what the major-version guard compares. Only primaries
// (a replica re-seeds itself) whose image tag names a major.
struct PgDataVolume {
    ServiceKey service;
    std::string volume;        // engine name
    std::string version_path;  // PG_VERSION's path inside the volume: "PG_VERSION", "sub/PG_VERSION"
    std::string target;        // where the service mounts it
    std::string image;
    int major = 0;
};
std::vector<PgDataVolume> pg_data_volumes(const DesiredState& state);

// `url` with its host replaced by `to` when its scheme is postgres(ql) and
// its host is one of `primary_hosts`; nullopt otherwise.
std::optional<std::string> read_url(const std::string& url, const std::set<std::string>& primary_hosts,
                                    const std::string& to);

}  // namespace infractl
