#include "infractl/engine/observed_state.hpp"

#include <algorithm>

#include <charconv>

namespace infractl {

namespace {

std::string label_of(const ObservedContainer& c, const char* key) {
    auto it = c.labels.find(key);
    return it == c.labels.end() ? std::string() : it->second;
}

}  // namespace

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
