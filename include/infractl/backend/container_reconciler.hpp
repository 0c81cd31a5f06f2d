#pragma once
// The Docker backend: one container per replica on one engine, reconciled
// through the Engine interface (engine/engine.hpp), observed in one snapshot
// (engine/observed_state.hpp), diffed by plan/diff.hpp and plan/down.hpp,
// applied by apply/executor.hpp.
#include <memory>
#include <optional>

#include "infractl/backend/reconciler.hpp"
#include "infractl/engine/engine.hpp"

namespace infractl {

class ContainerReconciler : public Reconciler {
public:
    explicit ContainerReconciler(std::unique_ptr<Engine> engine);

    const char* backend() const override { return "docker"; }
    void observe(const std::string& stack, const DesiredState* desired) override;
    Plan plan_up(const DesiredState& desired, const PlanScope& scope) const override;
    Plan plan_down(const DesiredState* desired, const DownOptions& opts) const override;
    std::vector<ServiceStatus> status(const DesiredState& desired) const override;
    std::vector<ServiceMetrics> metrics(const DesiredState& desired, const std::string& project,
                                        MetricsReach reach) override;
    ApplyResult apply(const Plan& plan, const ApplyOptions& opts) override;

    // The snapshot the last observe() took (tests, and -v diagnostics).
    const ObservedState& snapshot() const;

private:
    std::unique_ptr<Engine> engine_;
    std::optional<ObservedState> snapshot_;
};

}  // namespace infractl
