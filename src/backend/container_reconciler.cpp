#include "infractl/backend/container_reconciler.hpp"

#include <algorithm>

#include "infractl/core/error.hpp"
#include "infractl/plan/diff.hpp"
#include "infractl/plan/filter.hpp"
#include "infractl/scale/metrics.hpp"

namespace infractl {

namespace {

// A scale touches only its services' containers (and creates the networks
// and volumes they need); everything else stays as `up` would leave it.
Plan only_services(const Plan& full, const std::set<ServiceKey>& services) {
    Plan plan = filter_plan(full, [&](const Action& a) {
        return a.kind == ActionKind::create_network || a.kind == ActionKind::create_volume ||
               services.count(a.service) > 0;
    });
    std::erase_if(plan.scope, [&](const ScopedService& s) { return services.count(s.key) == 0; });
    return plan;
}

}  // namespace

ContainerReconciler::ContainerReconciler(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {}

void ContainerReconciler::observe(const std::string& stack, const DesiredState* desired) {
    snapshot_ = engine_->observe(stack, desired);
}

const ObservedState& ContainerReconciler::snapshot() const {
    if (!snapshot_) throw Error(ErrorKind::internal, "the docker backend was asked to plan before observing");
    return *snapshot_;
}

Plan ContainerReconciler::plan_up(const DesiredState& desired, const PlanScope& scope) const {
    Plan full = diff(desired, snapshot(), DiffOptions{scope.project, false});
    if (scope.services.empty() || !full.conflicts.empty()) return full;
    return only_services(full, scope.services);
}

Plan ContainerReconciler::plan_down(const DesiredState* desired, const DownOptions& opts) const {
    return infractl::plan_down(snapshot(), desired, opts);
}

std::vector<ServiceStatus> ContainerReconciler::status(const DesiredState& desired) const {
    return build_status(desired, snapshot());
}

std::vector<ServiceMetrics> ContainerReconciler::metrics(const DesiredState& desired, const std::string& project) {
    return collect_metrics(desired, snapshot(), *engine_, project);
}

ApplyResult ContainerReconciler::apply(const Plan& plan, const ApplyOptions& opts) {
    return apply_plan(plan, *engine_, opts);
}

}  // namespace infractl
