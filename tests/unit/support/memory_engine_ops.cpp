// MemoryEngine: the Engine calls that change state.
#include <algorithm>

#include <fmt/format.h>

#include "support/memory_engine.hpp"

namespace infractl {

namespace {
bool has_healthcheck(const ContainerSpec& spec) { return spec.healthcheck && !spec.healthcheck->disabled; }
}  // namespace

void MemoryEngine::create_network(const DesiredNetwork& net) {
    enter("create_network " + net.name);
    std::lock_guard lock(mu_);
    if (networks_.count(net.name))
        throw Error(ErrorKind::conflict, fmt::format("network with name {} already exists", net.name));
    networks_[net.name] = {"net-" + net.name, net.name, net.internal, net.driver, net.labels, {}};
}

void MemoryEngine::remove_network(const std::string& name) {
    enter("remove_network " + name);
    std::lock_guard lock(mu_);
    if (!networks_.erase(name)) throw Error(ErrorKind::not_found, fmt::format("network {} not found", name));
}

void MemoryEngine::connect_network(const std::string& network, const std::string& container) {
    std::string name;
    {
        std::lock_guard lock(mu_);
        name = find_locked(container).name;
    }
    enter(fmt::format("connect {} {}", network, name));
    std::lock_guard lock(mu_);
    if (!networks_.count(network)) throw Error(ErrorKind::not_found, fmt::format("network {} not found", network));
    auto& c = find_locked(container);
    if (std::find(c.connected_networks.begin(), c.connected_networks.end(), network) == c.connected_networks.end())
        c.connected_networks.push_back(network);
    std::sort(c.connected_networks.begin(), c.connected_networks.end());
}

void MemoryEngine::disconnect_network(const std::string& network, const std::string& container) {
    std::string name;
    {
        std::lock_guard lock(mu_);
        name = find_locked(container).name;
    }
    enter(fmt::format("disconnect {} {}", network, name));
    std::lock_guard lock(mu_);
    auto& nets = find_locked(container).connected_networks;
    nets.erase(std::remove(nets.begin(), nets.end(), network), nets.end());
}

void MemoryEngine::create_volume(const DesiredVolume& vol) {
    enter("create_volume " + vol.name);
    std::lock_guard lock(mu_);
    volumes_[vol.name] = {vol.name, vol.labels};
}

void MemoryEngine::remove_volume(const std::string& name) {
    enter("remove_volume " + name);
    std::lock_guard lock(mu_);
    if (!volumes_.erase(name)) throw Error(ErrorKind::not_found, fmt::format("no such volume: {}", name));
}

std::string MemoryEngine::create_container(const std::string& name, const ContainerSpec& spec) {
    enter("create " + name);
    std::lock_guard lock(mu_);
    for (const auto& [id, c] : containers_)
        if (c.name == name)
            throw Error(ErrorKind::conflict,
                        fmt::format("Conflict. The container name \"/{}\" is already in use by container \"{}\"",
                                    name, id));
    auto img = images_.find(spec.image);
    if (img == images_.end()) throw Error(ErrorKind::not_found, fmt::format("No such image: {}", spec.image));
    for (const auto& n : spec.networks)
        if (!networks_.count(n)) throw Error(ErrorKind::not_found, fmt::format("network {} not found", n));
    ObservedContainer c;
    c.id = fmt::format("{:064x}", next_id_++);
    c.name = name;
    c.labels = spec.labels;
    c.image = spec.image;
    c.image_id = img->second;
    c.state = ContainerState::created;
    c.spec = spec;
    c.connected_networks = spec.networks;
    std::sort(c.connected_networks.begin(), c.connected_networks.end());
    containers_[c.id] = c;
    return c.id;
}

void MemoryEngine::start_container(const std::string& id) {
    std::string name;
    {
        std::lock_guard lock(mu_);
        name = find_locked(id).name;
    }
    enter("start " + name);
    std::lock_guard lock(mu_);
    auto& c = find_locked(id);
    c.started_at = fmt::format("t{}", next_id_++);
    auto exit = exit_codes_.find(c.name);
    if (exit != exit_codes_.end()) {
        c.state = ContainerState::exited;
        c.exit_code = exit->second;
        return;
    }
    c.state = ContainerState::running;
    c.health = has_healthcheck(c.spec) ? Health::starting : Health::none;
}

void MemoryEngine::stop_container(const std::string& id, Duration) {
    std::string name;
    {
        std::lock_guard lock(mu_);
        name = find_locked(id).name;
    }
    enter("stop " + name);
    std::lock_guard lock(mu_);
    auto& c = find_locked(id);
    if (c.state == ContainerState::running) c.state = ContainerState::exited;
}

void MemoryEngine::remove_container(const std::string& id) {
    std::string name;
    {
        std::lock_guard lock(mu_);
        name = find_locked(id).name;
    }
    enter("remove " + name);
    std::lock_guard lock(mu_);
    containers_.erase(find_locked(id).id);
}

void MemoryEngine::rename_container(const std::string& id, const std::string& new_name) {
    std::string name;
    {
        std::lock_guard lock(mu_);
        name = find_locked(id).name;
    }
    enter(fmt::format("rename {} {}", name, new_name));
    std::lock_guard lock(mu_);
    for (const auto& [cid, c] : containers_)
        if (c.name == new_name) throw Error(ErrorKind::conflict, fmt::format("name {} is already in use", new_name));
    find_locked(id).name = new_name;
}

void MemoryEngine::update_container(const std::string& id, const ContainerSpec& spec) {
    std::string name;
    {
        std::lock_guard lock(mu_);
        name = find_locked(id).name;
    }
    enter("update " + name);
    std::lock_guard lock(mu_);
    auto& c = find_locked(id);
    c.spec.cpu_limit = spec.cpu_limit;
    c.spec.memory_limit = spec.memory_limit;
    c.spec.memory_reservation = spec.memory_reservation;
    c.spec.restart = spec.restart;
    c.spec.restart_max_retries = spec.restart_max_retries;
}

ObservedContainer MemoryEngine::inspect_container(const std::string& id_or_name) {
    std::lock_guard lock(mu_);
    auto& c = find_locked(id_or_name);
    auto script = health_.find(c.name);
    if (c.state == ContainerState::running && script != health_.end() && !script->second.sequence.empty()) {
        auto& h = script->second;
        c.health = parse_health(h.sequence[std::min(h.next, h.sequence.size() - 1)]);
        c.last_health_output = h.output;
        if (h.next < h.sequence.size()) ++h.next;
    }
    return c;
}

bool MemoryEngine::image_present(const std::string& ref) {
    std::lock_guard lock(mu_);
    return images_.count(ref) > 0;
}

void MemoryEngine::pull_image(const std::string& ref, const std::function<void(const PullProgress&)>& progress) {
    enter("pull " + ref);
    std::string id;
    {
        std::lock_guard lock(mu_);
        auto it = pullable_.find(ref);
        if (it == pullable_.end())
            throw Error(ErrorKind::not_found,
                        fmt::format("pull access denied for {}, repository does not exist or may require "
                                    "'docker login'",
                                    ref));
        id = it->second;
    }
    if (progress) {
        progress({"Downloading", 512 << 10, 2 << 20});
        progress({"Downloading", 2 << 20, 2 << 20});
        progress({"Pull complete", 0, 0});
    }
    std::lock_guard lock(mu_);
    images_[ref] = id;
}

ContainerStats MemoryEngine::stats(const std::string& id) {
    std::lock_guard lock(mu_);
    find_locked(id);
    return {};
}

int MemoryEngine::exec(const std::string& id, const std::vector<std::string>& cmd, std::string& output) {
    std::string name;
    {
        std::lock_guard lock(mu_);
        name = find_locked(id).name;
    }
    enter("exec " + name + (cmd.empty() ? "" : " " + cmd.front()));
    output.clear();
    return 0;
}

}  // namespace infractl
