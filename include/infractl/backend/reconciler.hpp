#pragma once
// The seam between the shared front of the pipeline and the engines
// (docs/architecture.md, "Backends"). load, validate and resolve are shared
// and produce one DesiredState; a Reconciler owns the rest for one kind of
// engine object: it observes them (one snapshot), diffs the snapshot against
// the desired state (pure), applies a plan, and reports status and metrics
// from the same snapshot. Containers on a Docker engine are one kind
// (ContainerReconciler); Swarm services are the next. Exporters (Kubernetes
// objects, a compose file) are not reconcilers: they turn the DesiredState
// into files and never observe anything.
//
// A Reconciler belongs to one command's session and is used from one thread.
// Every method but observe() reads the snapshot the last observe() took; a
// call before the first observe() throws Error(internal). apply() leaves the
// snapshot as it was (stale): observe again to see the result.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "infractl/apply/executor.hpp"
#include "infractl/plan/down.hpp"
#include "infractl/plan/plan.hpp"
#include "infractl/resolve/desired_state.hpp"
#include "infractl/scale/advice.hpp"
#include "infractl/status/status.hpp"

namespace infractl {

// What a plan of `up` or `scale` covers.
struct PlanScope {
    // One project and the globals it depends on; "" = every project.
    std::string project;
    // Only these services' containers (`scale`), plus the networks and
    // volumes they need; empty = every service in the project scope.
    std::set<ServiceKey> services;
};

class Reconciler {
public:
    virtual ~Reconciler() = default;

    // "docker", "swarm": the backend's name as the profile and --backend spell it.
    virtual const char* backend() const = 0;

    // Takes the snapshot of `stack` (objects carrying its labels, plus foreign
    // objects holding names `desired` needs, when given).
    virtual void observe(const std::string& stack, const DesiredState* desired) = 0;

    // Pure on the snapshot.
    virtual Plan plan_up(const DesiredState& desired, const PlanScope& scope) const = 0;
    // `desired` may be null when the topology cannot be resolved (down still works).
    virtual Plan plan_down(const DesiredState* desired, const DownOptions& opts) const = 0;
    virtual std::vector<ServiceStatus> status(const DesiredState& desired) const = 0;

    // Live metrics of the snapshot's running services (engine stats, Redis,
    // PostgreSQL); what cannot be read is listed per service, never thrown.
    virtual std::vector<ServiceMetrics> metrics(const DesiredState& desired, const std::string& project,
                                                MetricsReach reach) = 0;

    virtual ApplyResult apply(const Plan& plan, const ApplyOptions& opts) = 0;
};

}  // namespace infractl
