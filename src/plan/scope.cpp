#include "infractl/plan/scope.hpp"

#include <algorithm>
#include <deque>

#include <fmt/format.h>

namespace infractl {

std::set<ServiceKey> services_in_scope(const DesiredState& desired, const std::string& project) {
    std::set<ServiceKey> scope;
    std::deque<ServiceKey> todo;
    for (const auto& s : desired.services)
        if (project.empty() || s.key.project == project) todo.push_back(s.key);
    while (!todo.empty()) {
        ServiceKey key = todo.front();
        todo.pop_front();
        if (!scope.insert(key).second) continue;
        if (const DesiredService* s = desired.find(key))
            for (const auto& dep : s->depends_on) todo.push_back(dep.target);
    }
    return scope;
}

std::string undeclared_reason(const DesiredState& desired, const ServiceKey& key) {
    if (std::find(desired.disabled.begin(), desired.disabled.end(), key) != desired.disabled.end())
        return fmt::format("disabled in profile '{}'", desired.profile);
    for (const auto& m : desired.managed)
        if (m.key == key) return "replaced by a managed endpoint in the profile";
    return "service no longer declared";
}

}  // namespace infractl
