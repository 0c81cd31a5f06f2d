#include "infractl/backend/swarm_reconciler.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "infractl/core/error.hpp"
#include "infractl/swarm/service_spec.hpp"
#include "infractl/swarm/swarm_apply.hpp"
#include "infractl/swarm/swarm_diff.hpp"

namespace infractl {

namespace {

ContainerState task_state(const SwarmTask& t) {
    if (t.state == "running") return ContainerState::running;
    if (t.state == "complete" || t.state == "failed" || t.state == "shutdown" || t.state == "rejected")
        return ContainerState::exited;
    return ContainerState::created;  // new, pending, assigned, accepted, preparing, starting
}

std::string ports_text(const ContainerSpec& spec) {
    std::string out;
    for (const auto& p : swarm_ports(spec)) {
        std::string one = p.published ? fmt::format("*:{}->{}/{}", p.port.host_port, p.port.container_port,
                                                    p.port.protocol)
                                      : fmt::format("{}/{} (not published: {})", p.port.container_port,
                                                    p.port.protocol, p.why_not);
        out += (out.empty() ? "" : ", ") + one;
    }
    return out;
}

ServiceStatus row_for(const DesiredService& s, const ObservedService* o) {
    ServiceStatus row;
    row.key = s.key;
    row.desired = s.replicas;
    row.has_healthcheck = s.spec.healthcheck && !s.spec.healthcheck->disabled;
    row.oneshot = s.oneshot;
    row.ports = ports_text(s.spec);
    row.image = s.spec.image;
    if (s.override_replicas) row.override_note = fmt::format("scaled to {} (topology: {})", *s.override_replicas,
                                                             s.topology_replicas);
    if (!o) {
        ContainerStatus missing;
        missing.name = s.base_name;
        missing.missing = true;
        row.containers.push_back(missing);
        return row;
    }
    std::set<std::string> nodes;
    for (const auto& t : o->tasks) {
        if (t.desired_state != "running" && t.desired_state != "complete" && t.state == "shutdown") continue;
        ContainerStatus c;
        c.name = fmt::format("{}.{}", s.base_name, t.slot);
        c.replica = t.slot;
        c.state = task_state(t);
        c.exit_code = t.state == "failed" ? 1 : 0;
        // Swarm reports a task with a healthcheck as running once it is healthy.
        if (row.has_healthcheck && c.state == ContainerState::running) c.health = Health::healthy;
        row.containers.push_back(c);
        if (c.state == ContainerState::running && t.desired_state == "running") {
            ++row.running;
            if (row.has_healthcheck) ++row.healthy;
            nodes.insert(t.node_id.substr(0, 12));
        }
        row.completed += t.state == "complete";
    }
    for (const auto& n : nodes) row.nodes.push_back(n);
    row.last_error = o->last_task_error();
    return row;
}

}  // namespace

std::vector<ServiceStatus> swarm_status(const DesiredState& desired, const SwarmSnapshot& observed) {
    std::vector<ServiceStatus> rows;
    std::set<std::string> declared;
    for (const auto& s : desired.services) {
        const ObservedService* o = nullptr;
        for (const auto& x : observed.services)
            if (x.name == s.base_name) o = &x;
        rows.push_back(row_for(s, o));
        declared.insert(s.base_name);
    }
    for (const auto& m : desired.managed) rows.push_back(managed_status(m));
    for (const auto& o : observed.services) {
        if (declared.count(o.name)) continue;
        ServiceStatus row;
        row.key = ServiceKey{o.project(), o.service()};
        bool disabled = std::find(desired.disabled.begin(), desired.disabled.end(), row.key) != desired.disabled.end();
        row.kind = disabled ? ServiceKind::disabled : ServiceKind::orphan;
        row.running = o.running_tasks();
        rows.push_back(row);
    }
    return rows;
}

SwarmReconciler::SwarmReconciler(std::unique_ptr<DockerEngine> engine)
    : engine_(std::move(engine)), client_(*engine_) {}

void SwarmReconciler::observe(const std::string& stack, const DesiredState* desired) {
    snapshot_ = client_.observe(stack, desired);
}

const SwarmSnapshot& SwarmReconciler::snapshot() const {
    if (!snapshot_) throw Error(ErrorKind::internal, "the swarm backend was asked to plan before observing");
    return *snapshot_;
}

Plan SwarmReconciler::plan_up(const DesiredState& desired, const PlanScope& scope) const {
    // Not silently without them: the service would start with no /run/secrets.
    for (const auto& s : desired.services)
        if (!s.spec.secrets.empty())
            throw Error(ErrorKind::invalid_input,
                        fmt::format("{} uses secrets, which the swarm backend does not run yet", s.key.str()),
                        "use --backend docker; on swarm they will become Swarm secrets named by their file id");
    return swarm_diff(desired, snapshot(), scope);
}

Plan SwarmReconciler::plan_down(const DesiredState* desired, const DownOptions& opts) const {
    return swarm_down(snapshot(), desired, opts);
}

std::vector<ServiceStatus> SwarmReconciler::status(const DesiredState& desired) const {
    return swarm_status(desired, snapshot());
}

// Not read yet on this backend: every service says so instead of guessing.
std::vector<ServiceMetrics> SwarmReconciler::metrics(const DesiredState& desired, const std::string& project,
                                                     MetricsReach /*reach*/) {
    std::vector<ServiceMetrics> out;
    for (const auto& s : desired.services) {
        if (!project.empty() && s.key.project != project && s.key.project != kGlobalProject) continue;
        ServiceMetrics m;
        m.key = s.key;
        for (const auto& o : snapshot().services)
            if (o.name == s.base_name) m.running = o.running_tasks();
        m.unavailable.push_back("metrics are not read on the swarm backend yet (docs/swarm.md)");
        out.push_back(std::move(m));
    }
    return out;
}

ApplyResult SwarmReconciler::apply(const Plan& plan, const ApplyOptions& opts) {
    return apply_swarm_plan(plan, client_, opts);
}

}  // namespace infractl
