#include "infractl/engine/observed_state.hpp"

#include <algorithm>

#include <charconv>

namespace infractl {

namespace {

std::string label_of(const ObservedContainer& c, const char* key) {
    auto it = c.labels.find(key);
    return it == c.labels.end() ? std::string() : it->second;
}

struct StateWord {
    ContainerState state;
    const char* word;
};
constexpr StateWord kStateWords[] = {
    {ContainerState::created, "created"}, {ContainerState::running, "running"},
    {ContainerState::paused, "paused"},   {ContainerState::restarting, "restarting"},
    {ContainerState::removing, "removing"}, {ContainerState::exited, "exited"},
    {ContainerState::dead, "dead"},
};

struct HealthWord {
    Health health;
    const char* word;
};
constexpr HealthWord kHealthWords[] = {
    {Health::starting, "starting"}, {Health::healthy, "healthy"}, {Health::unhealthy, "unhealthy"}};

}  // namespace

const char* to_string(ContainerState s) {
    for (const auto& w : kStateWords)
        if (w.state == s) return w.word;
    return "";
}

ContainerState parse_container_state(std::string_view engine_word) {
    for (const auto& w : kStateWords)
        if (engine_word == w.word) return w.state;
    return ContainerState::unknown;
}

const char* to_string(Health h) {
    for (const auto& w : kHealthWords)
        if (w.health == h) return w.word;
    return "";
}

Health parse_health(std::string_view engine_word) {
    for (const auto& w : kHealthWords)
        if (engine_word == w.word) return w.health;
    return Health::none;
}

std::ostream& operator<<(std::ostream& out, ContainerState s) {
    return out << (s == ContainerState::unknown ? "unknown" : to_string(s));
}
std::ostream& operator<<(std::ostream& out, Health h) { return out << (h == Health::none ? "none" : to_string(h)); }

bool ObservedContainer::owned() const { return labels.count(label::stack) != 0; }
std::string ObservedContainer::stack() const { return label_of(*this, label::stack); }
std::string ObservedContainer::project() const { return label_of(*this, label::project); }
std::string ObservedContainer::service() const { return label_of(*this, label::service); }
std::string ObservedContainer::config_hash() const { return label_of(*this, label::config_hash); }

int ObservedContainer::replica() const {
    std::string v = label_of(*this, label::replica);
    int n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < 0) return 0;
    return n;
}

bool keep_before(const ObservedNetwork& a, const ObservedNetwork& b) {
    if (a.container_ids.size() != b.container_ids.size()) return a.container_ids.size() > b.container_ids.size();
    return a.id < b.id;
}

std::string ObservedState::network_ref(const ObservedNetwork& n) const {
    auto same = std::count_if(networks.begin(), networks.end(), [&](const ObservedNetwork& o) { return o.name == n.name; });
    return same > 1 ? n.id : n.name;
}

}  // namespace infractl
