#include "infractl/backend/container_reconciler.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "infractl/core/error.hpp"
#include "infractl/plan/diff.hpp"
#include "infractl/plan/filter.hpp"
#include "infractl/scale/metrics.hpp"
#include "replica_slots.hpp"

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

std::vector<ServiceMetrics> ContainerReconciler::metrics(const DesiredState& desired, const std::string& project,
                                                         MetricsReach reach) {
    return collect_metrics(desired, snapshot(), *engine_, project, reach);
}

ApplyResult ContainerReconciler::apply(const Plan& plan, const ApplyOptions& opts) {
    // A stopped container mounts copies a reboot may have emptied away (creates write their own).
    for (const auto& a : plan.actions)
        if (a.kind == ActionKind::start) engine_->provide_secrets(plan.stack, a.spec.secrets);
    ApplyResult result = apply_plan(plan, *engine_, opts);
    if (snapshot_) drop_removed_replica_slots(*engine_, plan, *snapshot_);
    // Whatever the outcome: a copy is removed only when no container of the
    // stack mounts it, so a failed or interrupted apply loses nothing in use.
    try {
        if (int removed = engine_->prune_secrets(plan.stack))
            spdlog::info("removed {} unused secret file(s) of stack {}", removed, plan.stack);
    } catch (const Error& e) {
        spdlog::warn("could not remove the unused secret files of stack {}: {}", plan.stack, e.what());
    }
    return result;
}

}  // namespace infractl
