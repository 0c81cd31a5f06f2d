#pragma once
// The topology as the user wrote it, after loading and interpolation but before
// a profile is applied. Every value that validation may complain about keeps
// the Location of its YAML node. Documented key by key in docs/topology.md.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "infractl/core/location.hpp"
#include "infractl/core/units.hpp"

namespace infractl {

// The value of io.infractl.project on global services, networks and volumes.
inline constexpr const char* kGlobalProject = "_global";

enum class RestartPolicy { no, always, on_failure, unless_stopped };
enum class DependCondition { service_started, service_healthy, service_completed_successfully };
enum class PullPolicy { missing, always, never };

const char* to_string(RestartPolicy p);  // "no", "always", "on-failure", "unless-stopped"
const char* to_string(DependCondition c);
const char* to_string(PullPolicy p);

struct EnvValue {
    std::string value;
    bool secret = false;  // from env_file, a declared secret, or a secret-looking name
    Location loc;
    friend bool operator==(const EnvValue& a, const EnvValue& b) { return a.value == b.value && a.secret == b.secret; }
};

struct PortMapping {
    std::string host_ip;       // "" = unspecified (the dev profile binds 127.0.0.1)
    int host_port = 0;         // 0 = not published on a fixed host port
    int container_port = 0;
    std::string protocol = "tcp";
    Location loc;
    friend bool operator==(const PortMapping& a, const PortMapping& b) {
        return a.host_ip == b.host_ip && a.host_port == b.host_port &&
               a.container_port == b.container_port && a.protocol == b.protocol;
    }
};

struct Mount {
    enum class Kind { volume, bind };
    Kind kind = Kind::volume;
    std::string source;  // volume key as written ("pgdata") or absolute host path
    std::string target;  // absolute path in the container
    bool read_only = false;
    Location loc;
};

struct Healthcheck {
    std::vector<std::string> test;  // ["CMD", ...], ["CMD-SHELL", "..."], or ["NONE"]
    Duration interval{30'000'000'000};
    Duration timeout{30'000'000'000};
    Duration start_period{0};
    int retries = 3;
    bool disabled = false;
    Location loc;
};

struct Dependency {
    std::string service;  // a service of the same project, or a global
    DependCondition condition = DependCondition::service_started;
    Location loc;
};

struct Resources {
    std::optional<NanoCpus> cpu_limit;
    std::optional<Bytes> memory_limit;
    std::optional<NanoCpus> cpu_reservation;
    std::optional<Bytes> memory_reservation;
    Location loc;
    Location cpu_limit_loc, memory_limit_loc, cpu_reservation_loc, memory_reservation_loc;
};

// A service replaced by something the engine does not run (ElastiCache, RDS,
// S3). Services that depend on it receive `env=endpoint` in their environment.
struct ManagedEndpoint {
    std::string endpoint;  // e.g. "redis://cache.internal:6379"
    std::string env;       // e.g. "REDIS_URL"; default <SERVICE>_URL
    Location loc;
};

// How `infractl advise` and `infractl autoscale` size a replicated service
// (the seed's HPA: queue length per worker, bounded by min and max).
struct Autoscale {
    int min = 1;
    std::optional<int> max;        // absent = the service's max_replicas
    std::string queue;             // Celery queue (a Redis list) whose length drives scaling
    std::string broker = "redis";  // service holding the queue: same project first, then globals
    int target_per_replica = 100;  // queued tasks per replica (the seed's averageValue)
    int cpu_target_percent = 0;    // 0 = not CPU-driven; else scale to keep CPU near this
    // The HPA's behaviour (scale/hpa.hpp), Kubernetes' defaults:
    double tolerance = 0.1;                      // no change while |1 - value/target| <= this
    int scale_up_pods = 4;                       // at most max(pods, percent %) more ...
    int scale_up_percent = 100;
    Duration scale_up_period{15'000'000'000};    // ... per this period
    Duration scale_down_delay{300'000'000'000};  // stabilisation: the highest proposal of this window wins
    int scale_down_percent = 100;                // at most this % fewer ...
    Duration scale_down_period{15'000'000'000};  // ... per this period
    Location loc;
};

// `build:` (docs/topology.md, "build"): infractl builds the service's image
// from a context folder through the engine's POST /build. content_hash is
// filled after validation by the input stage (build/build_context.hpp) from
// the files the context sends, the Dockerfile, args and target.
struct BuildSpec {
    std::string context;                    // absolute, resolved against the topology's folder
    std::string dockerfile = "Dockerfile";  // relative to the context, as written
    std::map<std::string, std::string> args;
    std::string target;                     // "" = the last stage
    std::string content_hash;               // hex sha256; "" until hashed
    Location loc, context_loc, dockerfile_loc;
};

// A secret the topology declares in its top-level `secrets:` (from a file or
// an environment variable), read when the topology is loaded. Its content is
// never printed: renders and plans show the name only.
struct Secret {
    std::string name;      // key
    std::string file;      // source file as written ("" when from a variable)
    std::string variable;  // source variable ("" when from a file)
    std::string content;
    Location loc;          // of the key
};

// A service's use of a secret: a read-only file /run/secrets/TARGET in every
// replica, owned by uid:gid with `mode` (docs/topology.md, "Secrets as files").
struct SecretUse {
    std::string source;  // a key of Topology::secrets
    std::string target;  // a file name; default = source
    int uid = 0;
    int gid = 0;
    int mode = 0400;
    Location loc;
};

struct Service {
    std::string name;  // key in globals/services
    Location loc;      // of the key

    std::string image;
    Location image_loc;
    std::optional<BuildSpec> build;  // set: the image is built, `image` is not used to run it
    std::optional<std::vector<std::string>> command;     // absent = image default
    std::optional<std::vector<std::string>> entrypoint;  // absent = image default
    std::map<std::string, EnvValue> environment;          // env_file values merged in, file first
    std::vector<std::string> env_files;                   // as written, for docs/render
    std::map<std::string, std::string> labels;
    std::vector<PortMapping> ports;
    std::vector<Mount> volumes;
    std::vector<SecretUse> secrets;  // in file order
    std::vector<std::string> networks;  // keys of top-level networks; empty = all of them
    Location networks_loc;
    std::vector<Dependency> depends_on;
    std::optional<Healthcheck> healthcheck;
    RestartPolicy restart = RestartPolicy::unless_stopped;
    int restart_max_retries = 0;  // on-failure:N
    std::string stop_signal;      // "" = image default (SIGTERM)
    Duration stop_grace_period{10'000'000'000};
    std::string user;
    std::string working_dir;
    PullPolicy pull_policy = PullPolicy::missing;

    int replicas = 1;
    Location replicas_loc;
    bool singleton = false;
    std::string singleton_reason;  // shown when a scale is refused
    Location singleton_loc;
    std::optional<int> max_replicas;
    // Streaming replicas of a PostgreSQL service (docs/stateful.md): resolve
    // adds the companion service "{name}-replica" that runs them.
    int read_replicas = 0;
    Location read_replicas_loc;
    std::string read_url_env;  // dependants' read URL variable; "" = DATABASE_READ_URL
    Location read_url_env_loc;
    std::optional<Autoscale> autoscale;
    Resources resources;

    bool enabled = true;
    std::optional<ManagedEndpoint> managed;
    // Publishing on all interfaces (0.0.0.0) a service of an internal network
    // needs this explicit consent; validate warns about it.
    bool expose_publicly = false;
};

struct Network {
    std::string name;  // key; the engine name is "{stack}_{key}"
    bool internal = false;
    std::string driver = "bridge";
    Location loc;
};

struct Volume {
    std::string name;     // key
    bool global = false;  // shared by every project: "{stack}_{key}" instead of "{stack}_{project}_{key}"
    Location loc;
};

struct Project {
    std::string name;
    Location loc;
    std::vector<Service> services;  // in file order
};

struct Topology {
    std::string file;  // path as given
    int version = 1;
    std::string stack;
    Location stack_loc;
    std::vector<Network> networks;  // in file order
    std::vector<Volume> volumes;    // declared top-level volumes (optional)
    std::vector<Secret> secrets;    // in file order
    std::vector<Service> globals;
    std::vector<Project> projects;

    const Project* find_project(const std::string& name) const;
    const Service* find_global(const std::string& name) const;
    const Secret* find_secret(const std::string& name) const;
};

}  // namespace infractl
