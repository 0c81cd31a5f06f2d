#include "infractl/plan/diff.hpp"

#include "diff_context.hpp"
#include "infractl/plan/scope.hpp"

namespace infractl {

namespace diff_detail {

std::vector<const ObservedContainer*> containers_of(const ObservedState& observed, const ServiceKey& key) {
    std::vector<const ObservedContainer*> out;
    for (const auto& c : observed.containers)
        if (c.project() == key.project && c.service() == key.service) out.push_back(&c);
    return out;
}

}  // namespace diff_detail

Plan diff(const DesiredState& desired, const ObservedState& observed, const DiffOptions& opts) {
    using namespace diff_detail;
    DiffContext cx{desired, observed, opts, {}, {}, {}, {}, {}, {}};
    cx.plan.stack = desired.stack;
    cx.plan.profile = desired.profile;
    cx.in_scope = services_in_scope(desired, opts.project);
    diff_conflicts(cx);
    diff_pg_major(cx);
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
