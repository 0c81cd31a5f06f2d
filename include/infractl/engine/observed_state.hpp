#pragma once
// One snapshot of what the engine runs for a stack, taken before diffing so the
// diff itself makes no engine calls (compose's observed_state.go). Built from
// one list call per object kind plus one inspect per container the desired
// state names; the others (to be removed, or out of scope) are known from the
// list entry alone: state, health, labels, mounts and networks, no spec.
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "infractl/resolve/desired_state.hpp"

namespace infractl {

// The stop grace of a container known from the list call only: stop it with
// the timeout the engine keeps for it (set from stop_grace_period at create).
inline constexpr Duration kEngineStopTimeout{-1};

// State.Status of a container as the engine reports it. `unknown` is any word
// this version of infractl does not know (a newer engine's): it is neither
// running nor stopped, so the diff recreates and waits treat it as pending.
enum class ContainerState { unknown, created, running, paused, restarting, removing, exited, dead };
const char* to_string(ContainerState s);  // the engine's word: "running", ...; "" for unknown
ContainerState parse_container_state(std::string_view engine_word);
// Stopped for good (exited or dead): it will not run again by itself.
inline bool has_exited(ContainerState s) { return s == ContainerState::exited || s == ContainerState::dead; }

// State.Health.Status; `none` when the container has no healthcheck.
enum class Health { none, starting, healthy, unhealthy };
const char* to_string(Health h);  // "", "starting", "healthy", "unhealthy"
Health parse_health(std::string_view engine_word);

std::ostream& operator<<(std::ostream& out, ContainerState s);
std::ostream& operator<<(std::ostream& out, Health h);

struct ObservedContainer {
    std::string id;
    std::string name;  // without the leading '/'
    std::map<std::string, std::string> labels;
    std::string image;     // as configured (Config.Image)
    std::string image_id;  // sha256:... the container runs (Image)
    ContainerState state = ContainerState::unknown;
    Health health = Health::none;
    // Output of the most recent health check (State.Health.Log[-1].Output),
    // shown when a wait for healthy fails.
    std::string last_health_output;
    int exit_code = 0;
    std::string started_at;
    // What actually runs, from inspect, compared field by field with the spec:
    ContainerSpec spec;
    // Engine-side fields that have no place in ContainerSpec but the diff needs:
    std::vector<std::string> connected_networks;  // NetworkSettings.Networks, sorted
    bool owned() const;  // carries io.infractl.stack
    std::string stack() const;
    std::string project() const;
    std::string service() const;
    int replica() const;  // 0 when the label is missing or bad
    std::string config_hash() const;
};

struct ObservedNetwork {
    std::string id;
    std::string name;
    bool internal = false;
    std::string driver;
    std::map<std::string, std::string> labels;
    std::vector<std::string> container_ids;  // attached containers (from inspect), not detaching endpoints
};

// Of networks of one stack sharing a name (a create that raced another), the
// one to keep sorts first: most containers attached, then the smallest id.
bool keep_before(const ObservedNetwork& a, const ObservedNetwork& b);

struct ObservedVolume {
    std::string name;
    std::map<std::string, std::string> labels;
};

struct ObservedState {
    std::string stack;
    std::vector<ObservedContainer> containers;  // of this stack, sorted by name
    std::vector<ObservedNetwork> networks;      // of this stack, sorted by name
    std::vector<ObservedVolume> volumes;        // of this stack, sorted by name
    // Objects WITHOUT this stack's labels whose names the desired state needs:
    // the diff turns each into a "name taken" error instead of a takeover.
    std::vector<ObservedContainer> foreign_containers;
    std::vector<std::string> foreign_networks;
    std::vector<std::string> foreign_volumes;
    // image reference -> image id, for every image the desired state names
    // and the engine has. Absent = not present locally.
    std::map<std::string, std::string> image_ids;
    // Volume name -> the first line of PG_VERSION in it, for the volumes that
    // the desired PostgreSQL primaries mount and that hold a cluster: the
    // major-version guard's input (docs/stateful.md). Absent = no cluster
    // there, or nothing could read it.
    std::map<std::string, std::string> pg_versions;
    // Read replicas as their running primary reports them (pg_stat_replication
    // joined to its infractl slots), by replica container name: what `status`
    // prints. Absent = no running primary, or its answer could not be read.
    struct Replication {
        std::string state;      // "streaming", "catchup", ... ; "" = slot not in use
        std::int64_t lag_bytes = -1;  // replay lag in bytes; -1 = unknown
        double lag_seconds = 0;
    };
    std::map<std::string, Replication> replication;

    // How to name `n` to the engine: its name, or its id when another network
    // of the stack has the same name (the engine calls the name ambiguous).
    std::string network_ref(const ObservedNetwork& n) const;
};

}  // namespace infractl
