#pragma once
// The Swarm backend: one Swarm service per declared service on an existing
// swarm (the engine at the socket must be a manager), observed in one
// snapshot (swarm/swarm_state.hpp), diffed by swarm/swarm_diff.hpp, applied
// by swarm/swarm_apply.hpp. docs/swarm.md has the mapping and what differs.
#include <memory>
#include <optional>

#include "infractl/backend/reconciler.hpp"
#include "infractl/engine/docker_engine.hpp"
#include "infractl/swarm/swarm_client.hpp"
#include "infractl/swarm/swarm_state.hpp"

namespace infractl {

class SwarmReconciler : public Reconciler {
public:
    explicit SwarmReconciler(std::unique_ptr<DockerEngine> engine);

    const char* backend() const override { return "swarm"; }
    void observe(const std::string& stack, const DesiredState* desired) override;
    Plan plan_up(const DesiredState& desired, const PlanScope& scope) const override;
    Plan plan_down(const DesiredState* desired, const DownOptions& opts) const override;
    std::vector<ServiceStatus> status(const DesiredState& desired) const override;
    std::vector<ServiceMetrics> metrics(const DesiredState& desired, const std::string& project,
                                        MetricsReach reach) override;
    ApplyResult apply(const Plan& plan, const ApplyOptions& opts) override;

    const SwarmSnapshot& snapshot() const;

private:
    std::unique_ptr<DockerEngine> engine_;
    SwarmClient client_;
    std::optional<SwarmSnapshot> snapshot_;
};

// Per service: desired vs running tasks, the nodes they run on, health, and
// the last task error. Pure.
std::vector<ServiceStatus> swarm_status(const DesiredState& desired, const SwarmSnapshot& observed);

}  // namespace infractl
