#include "support/memory_engine.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

namespace infractl {

namespace {

template <class T>
bool names_contain(const std::vector<T>& v, const std::string& name) {
    return std::any_of(v.begin(), v.end(), [&](const T& x) { return x.name == name; });
}

bool in_desired(const DesiredState* desired, const std::string& name) {
    if (!desired) return false;
    for (const auto& s : desired->services)
        if (names_contain(s.containers, name)) return true;
    return false;
}

}  // namespace

void MemoryEngine::add_image(const std::string& ref, const std::string& id) {
    std::lock_guard lock(mu_);
    images_[ref] = id.empty() ? "sha256:" + ref : id;
}

void MemoryEngine::add_pullable(const std::string& ref, const std::string& id) {
    std::lock_guard lock(mu_);
    pullable_[ref] = id.empty() ? "sha256:" + ref : id;
}

void MemoryEngine::script_health(const std::string& name, std::vector<std::string> sequence, std::string output) {
    std::lock_guard lock(mu_);
    health_[name] = {std::move(sequence), 0, std::move(output)};
}

void MemoryEngine::script_exit(const std::string& name, int code) {
    std::lock_guard lock(mu_);
    exit_codes_[name] = code;
}

void MemoryEngine::fail(const std::string& call, ErrorKind kind, std::string message) {
    std::lock_guard lock(mu_);
    failures_[call] = {kind, std::move(message)};
}

void MemoryEngine::set_call_delay(std::chrono::milliseconds d) {
    std::lock_guard lock(mu_);
    delay_ = d;
}

std::string MemoryEngine::add_container(ObservedContainer c) {
    std::lock_guard lock(mu_);
    if (c.id.empty()) c.id = fmt::format("{:064x}", next_id_++);
    if (c.connected_networks.empty()) c.connected_networks = c.spec.networks;
    containers_[c.id] = c;
    return c.id;
}

void MemoryEngine::add_network(ObservedNetwork n) {
    std::lock_guard lock(mu_);
    networks_[n.name] = std::move(n);
}

void MemoryEngine::add_volume(ObservedVolume v) {
    std::lock_guard lock(mu_);
    volumes_[v.name] = std::move(v);
}

std::vector<std::string> MemoryEngine::calls() const {
    std::lock_guard lock(mu_);
    return calls_;
}

int MemoryEngine::max_concurrent_calls() const {
    std::lock_guard lock(mu_);
    return max_in_flight_;
}

std::optional<ObservedContainer> MemoryEngine::container(const std::string& name) const {
    std::lock_guard lock(mu_);
    for (const auto& [id, c] : containers_)
        if (c.name == name) return c;
    return std::nullopt;
}

std::vector<std::string> MemoryEngine::container_names() const {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& [id, c] : containers_) out.push_back(c.name);
    std::sort(out.begin(), out.end());
    return out;
}

bool MemoryEngine::has_network(const std::string& name) const {
    std::lock_guard lock(mu_);
    return networks_.count(name) > 0;
}

bool MemoryEngine::has_volume(const std::string& name) const {
    std::lock_guard lock(mu_);
    return volumes_.count(name) > 0;
}

void MemoryEngine::enter(const std::string& entry) {
    std::chrono::milliseconds delay;
    {
        std::lock_guard lock(mu_);
        calls_.push_back(entry);
        max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
        delay = delay_;
    }
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    std::lock_guard lock(mu_);
    --in_flight_;
    auto it = failures_.find(entry);
    if (it != failures_.end()) throw Error(it->second.first, it->second.second);
}

ObservedContainer& MemoryEngine::find_locked(const std::string& id_or_name) {
    auto it = containers_.find(id_or_name);
    if (it != containers_.end()) return it->second;
    for (auto& [id, c] : containers_)
        if (c.name == id_or_name) return c;
    throw Error(ErrorKind::not_found, fmt::format("No such container: {}", id_or_name));
}

EngineInfo MemoryEngine::info() { return {"1.41", "memory", 2, std::int64_t{8} << 30, false, false}; }

ObservedState MemoryEngine::observe(const std::string& stack, const DesiredState* desired) {
    std::lock_guard lock(mu_);
    ObservedState out;
    out.stack = stack;
    auto ours = [&](const std::map<std::string, std::string>& labels) {
        auto it = labels.find(label::stack);
        return it != labels.end() && it->second == stack;
    };
    for (const auto& [id, c] : containers_) {
        if (ours(c.labels))
            out.containers.push_back(c);
        else if (in_desired(desired, c.name))
            out.foreign_containers.push_back(c);
    }
    for (const auto& [name, n] : networks_) {
        if (ours(n.labels))
            out.networks.push_back(n);
        else if (desired && names_contain(desired->networks, name))
            out.foreign_networks.push_back(name);
    }
    for (const auto& [name, v] : volumes_) {
        if (ours(v.labels))
            out.volumes.push_back(v);
        else if (desired && names_contain(desired->volumes, name))
            out.foreign_volumes.push_back(name);
    }
    auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
    std::sort(out.containers.begin(), out.containers.end(), by_name);
    if (desired)
        for (const auto& s : desired->services) {
            auto it = images_.find(s.spec.image);
            if (it != images_.end()) out.image_ids[it->first] = it->second;
        }
    return out;
}

}  // namespace infractl
