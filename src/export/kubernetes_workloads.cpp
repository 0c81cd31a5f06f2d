// Workloads: a Deployment for a stateless service, a StatefulSet for one
// with a volume, a Job for a one-shot; the PodDisruptionBudget of replicated ones.
#include <fmt/format.h>

#include "kubernetes_detail.hpp"

namespace infractl::k8s {

namespace {

Value head(const Context& c, const char* api, const char* kind, const DesiredService& s) {
    return Value::map().set("apiVersion", api).set("kind", kind).set("metadata",
                                                                      metadata(c, workload_name(s), object_labels(c, s)));
}

// The count an autoscaler owns is left out: `kubectl apply` would otherwise
// reset it to the file's number on every apply. The count is the profile's,
// not a `infractl scale` remembered for this machine's engine.
void set_replicas(Value& spec, const DesiredService& s) {
    if (s.autoscale) return;
    spec.set("replicas", Value::num(s.singleton ? 1 : s.topology_replicas));
}

Value claim_templates(const Context& c, const DesiredService& s) {
    Value list = Value::list();
    for (const auto& m : s.spec.mounts) {
        if (!m.is_volume) continue;
        Value spec = Value::map();
        spec.set("accessModes", Value::list().push(Value::str("ReadWriteOnce")));
        spec.set("resources", Value::map().set("requests", Value::map().set("storage", c.opts.storage_size)));
        Value meta = Value::map().set("name", dns_label(c.vol_keys.at(m.source))).set("labels", object_labels(c, s));
        list.push(Value::map().set("metadata", std::move(meta)).set("spec", std::move(spec)));
    }
    return list;
}

void add_deployment(const Context& c, const DesiredService& s) {
    Value spec = Value::map();
    set_replicas(spec, s);
    spec.set("selector", Value::map().set("matchLabels", selector_labels(s)));
    // A singleton must never run twice, not even for the length of a rolling update.
    if (s.singleton) spec.set("strategy", Value::map().set("type", "Recreate"));
    spec.set("template", pod_template(c, s, false));
    c.add("Deployment", workload_name(s), head(c, "apps/v1", "Deployment", s).set("spec", std::move(spec)));
}

// A StatefulSet replaces a pod only after the old one is gone, the stop-first
// replacement infractl does on Docker for services with a volume.
void add_statefulset(const Context& c, const DesiredService& s) {
    Value spec = Value::map();
    spec.set("serviceName", service_name(s));
    set_replicas(spec, s);
    spec.set("selector", Value::map().set("matchLabels", selector_labels(s)));
    spec.set("template", pod_template(c, s, false));
    spec.set("volumeClaimTemplates", claim_templates(c, s));
    c.add("StatefulSet", workload_name(s), head(c, "apps/v1", "StatefulSet", s).set("spec", std::move(spec)));
}

// restart: no on Docker (a run-once service that restarted would run twice):
// no pod restarts and no retries.
void add_job(const Context& c, const DesiredService& s) {
    Value spec = Value::map();
    spec.set("backoffLimit", Value::num(0));
    spec.set("template", pod_template(c, s, true));
    c.add("Job", workload_name(s), head(c, "batch/v1", "Job", s).set("spec", std::move(spec)));
}

void add_disruption_budget(const Context& c, const DesiredService& s) {
    Value spec = Value::map();
    spec.set("maxUnavailable", Value::num(1));
    spec.set("selector", Value::map().set("matchLabels", selector_labels(s)));
    c.add("PodDisruptionBudget", workload_name(s),
          head(c, "policy/v1", "PodDisruptionBudget", s).set("spec", std::move(spec)));
}

}  // namespace

void add_workload(const Context& c, const DesiredService& s) {
    if (s.oneshot) return add_job(c, s);
    if (s.stateful)
        add_statefulset(c, s);
    else
        add_deployment(c, s);
    // A singleton has nothing to spare: a budget would only block node drains.
    if (!s.singleton) add_disruption_budget(c, s);
}

}  // namespace infractl::k8s
