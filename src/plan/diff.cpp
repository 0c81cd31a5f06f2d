#include "infractl/plan/diff.hpp"

#include <deque>

#include "diff_context.hpp"

namespace infractl {

namespace diff_detail {

std::vector<const ObservedContainer*> containers_of(const ObservedState& observed, const ServiceKey& key) {
    std::vector<const ObservedContainer*> out;
    for (const auto& c : observed.containers)
        if (c.project() == key.project && c.service() == key.service) out.push_back(&c);
    return out;
}

namespace {

// A project scope takes in the globals it depends on, transitively, so that
// `up --project turfoo` also starts the redis turfoo needs.
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

}  // namespace

}  // namespace diff_detail

Plan diff(const DesiredState& desired, const ObservedState& observed, const DiffOptions& opts) {
    using namespace diff_detail;
    DiffContext cx{desired, observed, opts, {}, {}, {}, {}, {}, {}};
    cx.plan.stack = desired.stack;
    cx.plan.profile = desired.profile;
    cx.in_scope = services_in_scope(desired, opts.project);
    diff_conflicts(cx);
    diff_objects_to_create(cx);
    for (const auto& s : desired.services)
        if (cx.in_scope.count(s.key)) diff_service(cx, s);
    diff_undeclared_containers(cx);
    diff_objects_to_remove(cx);
    for (const auto& s : desired.services) {
        if (!cx.in_scope.count(s.key)) continue;
        ScopedService scoped{s.key, {}, s.oneshot};
        for (const auto& c : s.containers) scoped.containers.push_back(c.name);
        cx.plan.scope.push_back(std::move(scoped));
    }
    return std::move(cx.plan);
}

}  // namespace infractl
