// Health: probes from the healthcheck, and the depends_on conditions that
// Kompose drops (kubernetes/kompose#1871) kept as init containers that wait.
#include <fmt/format.h>

#include "kubernetes_detail.hpp"

namespace infractl::k8s {

namespace {

// Probe fields are whole seconds, at least 1: round up, so a probe is never
// stricter than the healthcheck.
std::int64_t seconds_up(Duration d, std::int64_t at_least) {
    std::int64_t s = (d.ns + 999'999'999) / 1'000'000'000;
    return s < at_least ? at_least : s;
}

Value exec_command(const std::vector<std::string>& test) {
    Value cmd = Value::list();
    if (test.front() == "CMD-SHELL") {
        cmd.push(Value::str("sh")).push(Value::str("-c")).push(Value::str(test.size() > 1 ? test[1] : ""));
        return cmd;
    }
    for (std::size_t i = test.front() == "CMD" ? 1 : 0; i < test.size(); ++i) cmd.push(Value::str(test[i]));
    return cmd;
}

Value wait_args(const Context& c, const std::string& what, std::initializer_list<std::string> target) {
    Value args = Value::list();
    args.push(Value::str("wait")).push(Value::str(fmt::format("--for=condition={}", what)));
    for (const auto& t : target) args.push(Value::str(t));
    args.push(Value::str(fmt::format("--namespace={}", c.ns))).push(Value::str("--timeout=10m"));
    return args;
}

// `kubectl wait` is exact where a TCP check is not: a pod is Ready only when
// its readiness probe (the healthcheck) passes, and a Job is complete only
// when it exited 0. When nothing matches yet it fails, the kubelet restarts
// the init container with its back-off, and it waits again.
Value wait_container(const Context& c, const DesiredService& target, DependCondition cond) {
    Value k = Value::map();
    k.set("name", dns_label(fmt::format("wait-for-{}", workload_name(target))));
    k.set("image", c.opts.kubectl_image);
    if (cond == DependCondition::service_completed_successfully)
        k.set("args", wait_args(c, "complete", {fmt::format("job/{}", workload_name(target))}));
    else
        k.set("args", wait_args(c, "Ready", {"pod", fmt::format("--selector={}={}", kInstanceLabel, workload_name(target))}));
    return k;
}

}  // namespace

Value probe(const Healthcheck& h) {
    Value p = Value::map();
    if (h.disabled || h.test.empty() || h.test.front() == "NONE") return p;
    p.set("exec", Value::map().set("command", exec_command(h.test)));
    if (h.start_period.ns > 0) p.set("initialDelaySeconds", Value::num(seconds_up(h.start_period, 1)));
    p.set("periodSeconds", Value::num(seconds_up(h.interval, 1)));
    p.set("timeoutSeconds", Value::num(seconds_up(h.timeout, 1)));
    p.set("failureThreshold", Value::num(h.retries < 1 ? 1 : h.retries));
    return p;
}

bool waits_for_dependencies(const DesiredService& s) {
    for (const auto& d : s.depends_on)
        if (d.condition != DependCondition::service_started) return true;
    return false;
}

Value init_containers(const Context& c, const DesiredService& s) {
    Value list = Value::list();
    for (const auto& d : s.depends_on) {
        if (d.condition == DependCondition::service_started) continue;
        const DesiredService* target = c.state.find(d.target);
        if (!target) continue;  // outside the exported scope: nothing to wait for
        if (d.condition == DependCondition::service_healthy && !target->spec.healthcheck)
            c.warn(fmt::format("{}: waits for {} to be healthy, which has no healthcheck: it waits for Ready, which "
                               "is as soon as the container runs",
                               s.key.str(), target->key.str()));
        list.push(wait_container(c, *target, d.condition));
    }
    return list;
}

}  // namespace infractl::k8s
