#pragma once
// An in-memory Engine for unit tests of the executor (leveldb's NewMemEnv):
// containers, networks, volumes and images live in maps, every mutating call
// is logged by object name, and tests can script health, exit codes, delays
// and failures call by call. Thread-safe like the real engine.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "infractl/core/error.hpp"
#include "infractl/engine/engine.hpp"

namespace infractl {

class MemoryEngine : public Engine {
public:
    // --- scripting -------------------------------------------------------
    // An image present locally; id defaults to "sha256:<ref>".
    void add_image(const std::string& ref, const std::string& id = "");
    // An image that pull_image can fetch (unknown images fail to pull).
    void add_pullable(const std::string& ref, const std::string& id = "");
    // Each inspect of the running container named `name` reports the next
    // health value; the last one repeats. `output` is its last_health_output.
    void script_health(const std::string& name, std::vector<std::string> sequence, std::string output = "");
    // Starting `name` leaves it exited with `code` (a oneshot).
    void script_exit(const std::string& name, int code);
    // The call whose log entry equals `call` (e.g. "start turfoo-api-1")
    // throws Error(kind, message) every time.
    void fail(const std::string& call, ErrorKind kind = ErrorKind::server_error,
              std::string message = "injected failure");
    // Every logged call sleeps this long, so tests can observe parallelism.
    void set_call_delay(std::chrono::milliseconds d);

    // Seed objects as if an earlier run (or a person) had made them. Returns the id.
    std::string add_container(ObservedContainer c);
    void add_network(ObservedNetwork n);
    void add_volume(ObservedVolume v);

    // --- inspection ------------------------------------------------------
    // "create_network N", "create C", "start C", "stop C", "remove C",
    // "rename C NEW", "update C", "connect N C", "pull IMG", ... in call order.
    std::vector<std::string> calls() const;
    int max_concurrent_calls() const;
    std::optional<ObservedContainer> container(const std::string& name) const;
    std::vector<std::string> container_names() const;  // sorted
    bool has_network(const std::string& name) const;
    bool has_volume(const std::string& name) const;

    // --- Engine ----------------------------------------------------------
    EngineInfo info() override;
    ObservedState observe(const std::string& stack, const DesiredState* desired) override;
    void create_network(const DesiredNetwork& net) override;
    void remove_network(const std::string& name) override;
    void connect_network(const std::string& network, const std::string& container) override;
    void disconnect_network(const std::string& network, const std::string& container) override;
    void create_volume(const DesiredVolume& vol) override;
    void remove_volume(const std::string& name) override;
    std::string create_container(const std::string& name, const ContainerSpec& spec) override;
    void start_container(const std::string& id) override;
    void stop_container(const std::string& id, Duration grace) override;
    void remove_container(const std::string& id) override;
    void rename_container(const std::string& id, const std::string& new_name) override;
    void update_container(const std::string& id, const ContainerSpec& spec) override;
    ObservedContainer inspect_container(const std::string& id_or_name) override;
    bool image_present(const std::string& ref) override;
    void pull_image(const std::string& ref, const std::function<void(const PullProgress&)>& progress) override;
    ContainerStats stats(const std::string& id) override;
    int exec(const std::string& id, const std::vector<std::string>& cmd, std::string& output) override;

private:
    struct HealthScript {
        std::vector<std::string> sequence;
        std::size_t next = 0;
        std::string output;
    };
    // Logs the call, applies delay and injected failures; the caller then
    // takes mu_ to apply the change.
    void enter(const std::string& entry);
    ObservedContainer& find_locked(const std::string& id_or_name);

    mutable std::mutex mu_;
    std::map<std::string, ObservedContainer> containers_;  // by id
    std::map<std::string, ObservedNetwork> networks_;      // by name
    std::map<std::string, ObservedVolume> volumes_;        // by name
    std::map<std::string, std::string> images_;            // ref -> id
    std::map<std::string, std::string> pullable_;
    std::map<std::string, HealthScript> health_;
    std::map<std::string, int> exit_codes_;
    std::map<std::string, std::pair<ErrorKind, std::string>> failures_;
    std::vector<std::string> calls_;
    std::chrono::milliseconds delay_{0};
    int in_flight_ = 0;
    int max_in_flight_ = 0;
    int next_id_ = 1;
};

}  // namespace infractl
