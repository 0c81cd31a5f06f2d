#pragma once
// The narrow interface between the Docker backend (backend/container_reconciler.hpp)
// and whatever runs containers. DockerEngine (docker_engine.hpp) talks to
// dockerd over its socket; MemoryEngine (tests/unit/support/memory_engine.hpp)
// is an in-memory twin for unit tests of the executor. Other backends (Swarm
// services) have interfaces of their own behind the Reconciler seam.
//
// Every method throws infractl::Error with a typed ErrorKind carrying the
// engine's own message on failure. Methods are safe to call from several
// threads at once.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "infractl/engine/observed_state.hpp"
#include "infractl/resolve/desired_state.hpp"

namespace infractl {

struct EngineInfo {
    std::string api_version;  // negotiated, e.g. "1.41"
    std::string server_version;
    int ncpu = 0;
    std::int64_t mem_total = 0;
    bool swarm_active = false;
    bool podman = false;
};

// Progress of a pull: one callback per stream line.
struct PullProgress {
    std::string status;  // "Downloading", "Pull complete", ...
    std::int64_t current = 0;
    std::int64_t total = 0;
};

struct ContainerStats {
    double cpu_percent = 0;     // of one CPU x online CPUs, as `docker stats`
    std::int64_t memory_used = 0;  // usage - inactive file
    std::int64_t memory_limit = 0;
};

class Engine {
public:
    virtual ~Engine() = default;

    virtual EngineInfo info() = 0;

    // Snapshot of `stack`, plus foreign objects holding any of the names in
    // `desired` and the image ids of the images it names (see ObservedState).
    virtual ObservedState observe(const std::string& stack, const DesiredState* desired) = 0;

    virtual void create_network(const DesiredNetwork& net) = 0;
    virtual void remove_network(const std::string& name) = 0;
    virtual void connect_network(const std::string& network, const std::string& container) = 0;
    virtual void disconnect_network(const std::string& network, const std::string& container) = 0;
    virtual void create_volume(const DesiredVolume& vol) = 0;
    virtual void remove_volume(const std::string& name) = 0;

    // Creates (not starts) a container; connects every network in spec.networks.
    // Returns the id. Throws conflict when the name is taken.
    virtual std::string create_container(const std::string& name, const ContainerSpec& spec) = 0;
    virtual void start_container(const std::string& id) = 0;  // already running = ok
    // Sends the stop signal, waits up to `grace` (kEngineStopTimeout: the
    // container's own), then kills. Already stopped = ok.
    virtual void stop_container(const std::string& id, Duration grace) = 0;
    virtual void remove_container(const std::string& id) = 0;  // force, keeps volumes
    virtual void rename_container(const std::string& id, const std::string& new_name) = 0;
    // Live change of CPU, memory and restart policy.
    virtual void update_container(const std::string& id, const ContainerSpec& spec) = 0;
    virtual ObservedContainer inspect_container(const std::string& id_or_name) = 0;

    virtual bool image_present(const std::string& ref) = 0;
    virtual void pull_image(const std::string& ref, const std::function<void(const PullProgress&)>& progress) = 0;

    // Makes the copies of these secrets present (the Docker backend writes them
    // to tmpfs; create_container does it too). For a start: a tmpfs is empty
    // after a reboot. An engine that keeps none has nothing to do.
    virtual void provide_secrets(const std::string& stack, const std::vector<ContainerSpec::SecretMount>& secrets) {
        (void)stack;
        (void)secrets;
    }
    // Removes the copies of `stack`'s secrets that no container of the stack
    // mounts any more (the Docker backend's files on tmpfs); returns how many.
    // Called after every apply; an engine that keeps none has nothing to do.
    virtual int prune_secrets(const std::string& stack) {
        (void)stack;
        return 0;
    }

    virtual ContainerStats stats(const std::string& id) = 0;
    // Runs a command in a running container; returns exit code, fills output.
    virtual int exec(const std::string& id, const std::vector<std::string>& cmd, std::string& output) = 0;
};

}  // namespace infractl
