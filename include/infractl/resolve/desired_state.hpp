#pragma once
// What the engine should run: topology + profile + remembered scale overrides,
// resolved into concrete names, labels, engine units and an order. Pure data,
// deterministic: the same inputs give byte-identical renders.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "infractl/core/units.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

// Label keys: part of the user interface (docs/architecture.md, "Labels").
namespace label {
inline constexpr const char* stack = "io.infractl.stack";
inline constexpr const char* project = "io.infractl.project";  // kGlobalProject for globals
inline constexpr const char* service = "io.infractl.service";
inline constexpr const char* replica = "io.infractl.replica";
inline constexpr const char* config_hash = "io.infractl.config-hash";
inline constexpr const char* managed_by = "io.infractl.managed-by";  // always "infractl"
inline constexpr const char* oneshot = "io.infractl.oneshot";        // "true" on run-once services
inline constexpr const char* role = "io.infractl.role";              // "primary" / "replica" (docs/stateful.md)
}  // namespace label

// Everything the engine needs to create one container. Fields that need a
// recreate when they change are covered by config_hash; `resources` and
// `restart` can be changed live and are not.
struct ContainerSpec {
    std::string image;  // after the profile's image map
    std::optional<std::vector<std::string>> command;
    std::optional<std::vector<std::string>> entrypoint;
    std::map<std::string, EnvValue> environment;  // interpolated, managed endpoints added
    std::map<std::string, std::string> labels;    // user labels + ownership labels
    std::vector<PortMapping> ports;               // host_ip filled from the profile default
    struct Mount {
        bool is_volume = true;
        std::string source;  // engine volume name, or absolute host path
        std::string target;
        bool read_only = false;
        friend bool operator==(const Mount&, const Mount&) = default;
    };
    std::vector<Mount> mounts;
    // Secrets as files (topology `secrets:`): read-only at /run/secrets/TARGET.
    // `file_id` names the content with its owner and mode, so a backend can
    // keep content-addressed copies (the Docker backend's files on tmpfs,
    // Swarm's immutable secrets); the config hash covers it, never `content`.
    struct SecretMount {
        std::string source;   // the topology's secret name
        std::string target;   // file name under /run/secrets
        int uid = 0;
        int gid = 0;
        int mode = 0400;
        std::string file_id;  // secret_file_id(): hex sha256
        std::string content;  // empty in an observed spec; never printed
    };
    std::vector<SecretMount> secrets;   // sorted by target
    std::vector<std::string> networks;  // engine network names, sorted
    std::string network_alias;          // the service name, so peers find "redis", "postgres"
    std::optional<Healthcheck> healthcheck;
    std::string stop_signal;
    Duration stop_grace_period{10'000'000'000};
    std::string user;
    std::string working_dir;

    // Live-updatable, outside the hash:
    RestartPolicy restart = RestartPolicy::unless_stopped;
    int restart_max_retries = 0;
    std::optional<NanoCpus> cpu_limit;
    std::optional<Bytes> memory_limit;
    std::optional<NanoCpus> cpu_reservation;  // Docker: CpuShares (docker_cpu_shares); Swarm: a real reservation
    std::optional<Bytes> memory_reservation;
};

struct DesiredContainer {
    std::string name;  // monorepo-redis, turfoo-postgres, turfoo-celery-worker-2
    int replica = 1;   // 1-based
    ContainerSpec spec;
};

struct ServiceKey {
    std::string project;  // kGlobalProject for globals
    std::string service;
    std::string str() const;  // "turfoo/celery-worker", "redis" for globals
    friend auto operator<=>(const ServiceKey&, const ServiceKey&) = default;
};

struct ServiceDependency {
    ServiceKey target;
    DependCondition condition = DependCondition::service_started;
};

// A remembered `infractl scale` count (state/overrides_store.hpp).
struct ReplicaOverride {
    int replicas = 0;
    int base = 0;  // topology+profile count when the override was made
    friend bool operator==(const ReplicaOverride&, const ReplicaOverride&) = default;
};

// A remembered count that no longer applies (resolve.hpp, override_lapsed).
struct LapsedOverride {
    ServiceKey key;
    ReplicaOverride override_made;
    int topology_replicas = 0;  // what the topology and profile ask for now
};

struct DesiredService {
    ServiceKey key;
    bool global = false;
    int replicas = 1;            // effective count (override applied)
    int topology_replicas = 1;   // from topology + profile, before overrides
    std::optional<int> override_replicas;  // remembered `infractl scale`, if any
    bool singleton = false;
    std::string singleton_reason;
    std::optional<int> max_replicas;
    int read_replicas = 0;
    std::optional<Autoscale> autoscale;
    // Replicated services name containers "{base}-{n}" even at one replica so
    // scaling never renames; singletons are named "{base}".
    bool numbered = true;
    std::string base_name;  // "turfoo-celery-worker", "monorepo-redis"
    bool oneshot = false;   // some service waits for it with service_completed_successfully
    bool stateful = false;  // has a volume mount: replaced stop-first
    std::string config_hash;  // hex sha256 of the canonical recreate-relevant spec
    ContainerSpec spec;       // the template shared by every replica
    std::vector<DesiredContainer> containers;  // replicas 1..N, by replica number
    std::vector<ServiceDependency> depends_on;
    PullPolicy pull_policy = PullPolicy::missing;
    // `build:`: spec.image is the content-addressed tag build_tag() makes
    // from it; the build runs before any container is touched.
    std::optional<BuildSpec> build;
    // `image:` beside `build:` (after the images map): the name the built
    // image is published under, with the pull policy the topology gave.
    // Exporters write these (a cluster cannot run the local content tag);
    // empty when the service is not built or names no image.
    std::string published_image;
    PullPolicy published_pull_policy = PullPolicy::missing;
};

// What an exporter writes for a service's image and pull policy: the
// published name of a built service when it has one, else what runs here.
const std::string& export_image(const DesiredService& s);
PullPolicy export_pull_policy(const DesiredService& s);

// A service that the profile replaced with an external endpoint.
struct ManagedService {
    ServiceKey key;
    std::string endpoint;
    std::string env;
};

struct DesiredNetwork {
    std::string key;   // "net"
    std::string name;  // engine name "{stack}_{key}"
    bool internal = false;
    std::string driver = "bridge";
    std::map<std::string, std::string> labels;
};

struct DesiredVolume {
    std::string key;      // "pgdata"
    std::string name;     // "{stack}_{project}_{key}" (monorepo_turfoo_pgdata), "{stack}_{key}" when global
    std::string project;  // kGlobalProject for global volumes
    std::map<std::string, std::string> labels;
};

struct DesiredState {
    std::string stack;
    std::string profile;
    std::vector<DesiredNetwork> networks;  // sorted by name
    std::vector<DesiredVolume> volumes;    // sorted by name
    // Dependency order: every service after all it depends on; ties broken by
    // (globals first, then project name, then service name).
    std::vector<DesiredService> services;
    std::vector<ManagedService> managed;   // sorted by key
    std::vector<ServiceKey> disabled;      // enabled: false in the profile, sorted
    std::vector<LapsedOverride> lapsed;    // remembered counts resolve ignored, by key

    const DesiredService* find(const ServiceKey& key) const;
    DesiredService* find(const ServiceKey& key);
};

}  // namespace infractl
