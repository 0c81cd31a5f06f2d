// The `autoscale` block: the seed's autoscaling/v2 HorizontalPodAutoscaler on
// the External metric celery_queue_length, or a KEDA ScaledObject reading the
// queue (a Redis list) itself.
#include <regex>

#include <fmt/format.h>

#include "kubernetes_detail.hpp"

namespace infractl::k8s {

namespace {

struct Broker {
    std::string host;
    std::string port = "6379";
    std::string db = "0";
    bool password = false;
    bool tls = false;
};

// redis[s]://[user[:password]@]host[:port][/db]
bool parse_redis_url(const std::string& url, Broker& b) {
    static const std::regex re("(rediss?)://(([^@/]*)@)?([^:/?#]+)(:([0-9]+))?(/([0-9]+))?.*");
    std::smatch m;
    if (!std::regex_match(url, m, re)) return false;
    b.tls = m[1] == "rediss";
    b.password = m[3].matched && m[3].str().find(':') != std::string::npos;
    b.host = m[4];
    if (m[6].matched) b.port = m[6];
    if (m[8].matched) b.db = m[8];
    return true;
}

// The broker's address as the service's own URLs name it (port, database),
// else the broker's Service and first port. Same project first, then globals.
std::optional<Broker> broker_of(const Context& c, const DesiredService& s) {
    const std::string& name = s.autoscale->broker;
    Broker b;
    for (const ServiceKey& key : {ServiceKey{s.key.project, name}, ServiceKey{kGlobalProject, name}}) {
        if (const DesiredService* run = c.state.find(key)) {
            b.host = service_name(*run);
            if (!run->spec.ports.empty()) b.port = std::to_string(run->spec.ports.front().container_port);
            for (const auto& [k, v] : s.spec.environment) {
                Broker from_env;
                if (parse_redis_url(v.value, from_env) && from_env.host == b.host) return from_env;
            }
            return b;
        }
        for (const auto& m : c.state.managed)
            if (m.key == key && parse_redis_url(m.endpoint, b)) return b;
    }
    return std::nullopt;
}

int max_replicas(const DesiredService& s) {
    if (s.autoscale->max) return *s.autoscale->max;
    if (s.max_replicas) return *s.max_replicas;
    return std::max(s.autoscale->min, s.topology_replicas);
}

Value target_ref(const DesiredService& s) {
    return Value::map()
        .set("apiVersion", "apps/v1")
        .set("kind", s.stateful ? "StatefulSet" : "Deployment")
        .set("name", workload_name(s));
}

Value policy(const char* type, int value, Duration period) {
    return Value::map().set("type", type).set("value", Value::num(value)).set("periodSeconds", Value::num(period.seconds()));
}

// The autoscale block's behaviour, written out whole (Kubernetes' defaults
// included) so the exported HPA decides as `infractl autoscale` does; only
// the tolerance has no field in autoscaling/v2 (the cluster's default, 0.1).
Value hpa_behavior(const DesiredService& s) {
    const Autoscale& a = *s.autoscale;
    Value up = Value::map().set("stabilizationWindowSeconds", Value::num(0)).set("selectPolicy", "Max");
    Value up_policies = Value::list();
    if (a.scale_up_pods > 0) up_policies.push(policy("Pods", a.scale_up_pods, a.scale_up_period));
    if (a.scale_up_percent > 0) up_policies.push(policy("Percent", a.scale_up_percent, a.scale_up_period));
    up.set("policies", std::move(up_policies));
    Value down = Value::map().set("stabilizationWindowSeconds", Value::num(a.scale_down_delay.seconds()));
    if (a.scale_down_percent > 0)
        down.set("selectPolicy", "Max")
            .set("policies", Value::list().push(policy("Percent", a.scale_down_percent, a.scale_down_period)));
    else
        down.set("selectPolicy", "Disabled");
    return Value::map().set("scaleUp", std::move(up)).set("scaleDown", std::move(down));
}

Value hpa_metrics(const DesiredService& s) {
    const Autoscale& a = *s.autoscale;
    Value list = Value::list();
    if (!a.queue.empty()) {
        Value metric = Value::map().set("name", "celery_queue_length");
        metric.set("selector", Value::map().set("matchLabels", Value::map().set("queue", a.queue)));
        Value target = Value::map().set("type", "AverageValue").set("averageValue", std::to_string(a.target_per_replica));
        Value ext = Value::map().set("metric", std::move(metric)).set("target", std::move(target));
        list.push(Value::map().set("type", "External").set("external", std::move(ext)));
    }
    if (a.cpu_target_percent > 0) {
        Value target = Value::map().set("type", "Utilization").set("averageUtilization", Value::num(a.cpu_target_percent));
        Value res = Value::map().set("name", "cpu").set("target", std::move(target));
        list.push(Value::map().set("type", "Resource").set("resource", std::move(res)));
    }
    return list;
}

void add_hpa(const Context& c, const DesiredService& s) {
    int min = s.autoscale->min;
    if (min < 1) {
        c.warn(fmt::format("{}: autoscale min 0 is exported as minReplicas 1: an HPA scales to zero only behind a "
                           "feature gate (use --autoscaler keda)",
                           s.key.str()));
        min = 1;
    }
    Value spec = Value::map();
    spec.set("scaleTargetRef", target_ref(s));
    spec.set("minReplicas", Value::num(min));
    spec.set("maxReplicas", Value::num(max_replicas(s)));
    spec.set("metrics", hpa_metrics(s));
    spec.set("behavior", hpa_behavior(s));
    Value doc = Value::map().set("apiVersion", "autoscaling/v2").set("kind", "HorizontalPodAutoscaler");
    doc.set("metadata", metadata(c, workload_name(s), object_labels(c, s))).set("spec", std::move(spec));
    c.add("HorizontalPodAutoscaler", workload_name(s), std::move(doc));
}

Value redis_trigger(const Context& c, const DesiredService& s) {
    std::optional<Broker> b = broker_of(c, s);
    if (!b) {
        c.warn(fmt::format("{}: no broker '{}' to read queue '{}' from; the redis trigger names '{}:6379'", s.key.str(),
                           s.autoscale->broker, s.autoscale->queue, s.autoscale->broker));
        b = Broker{dns_label(s.autoscale->broker)};
    }
    if (b->password)
        c.warn(fmt::format("{}: the broker URL has a password; add a KEDA TriggerAuthentication for it (not exported)",
                           s.key.str()));
    Value meta = Value::map();
    meta.set("address", fmt::format("{}:{}", b->host, b->port));
    meta.set("databaseIndex", b->db);
    meta.set("listName", s.autoscale->queue);
    meta.set("listLength", std::to_string(s.autoscale->target_per_replica));
    if (b->tls) meta.set("enableTLS", "true");
    return Value::map().set("type", "redis").set("metadata", std::move(meta));
}

void add_scaled_object(const Context& c, const DesiredService& s) {
    const Autoscale& a = *s.autoscale;
    Value triggers = Value::list();
    if (!a.queue.empty()) triggers.push(redis_trigger(c, s));
    if (a.cpu_target_percent > 0) {
        Value meta = Value::map().set("value", std::to_string(a.cpu_target_percent));
        triggers.push(Value::map().set("type", "cpu").set("metricType", "Utilization").set("metadata", std::move(meta)));
    }
    Value spec = Value::map();
    spec.set("scaleTargetRef", target_ref(s));
    spec.set("pollingInterval", Value::num(30));
    spec.set("cooldownPeriod", Value::num(a.scale_down_delay.seconds()));
    spec.set("minReplicaCount", Value::num(a.min));
    spec.set("maxReplicaCount", Value::num(max_replicas(s)));
    Value hpa_config = Value::map().set("behavior", hpa_behavior(s));
    spec.set("advanced", Value::map().set("horizontalPodAutoscalerConfig", std::move(hpa_config)));
    spec.set("triggers", std::move(triggers));
    Value doc = Value::map().set("apiVersion", "keda.sh/v1alpha1").set("kind", "ScaledObject");
    doc.set("metadata", metadata(c, workload_name(s), object_labels(c, s))).set("spec", std::move(spec));
    c.add("ScaledObject", workload_name(s), std::move(doc));
}

}  // namespace

void add_autoscaler(const Context& c, const DesiredService& s) {
    if (!s.autoscale || s.oneshot) return;
    if (c.opts.autoscaler == Autoscaler::keda)
        add_scaled_object(c, s);
    else
        add_hpa(c, s);
}

}  // namespace infractl::k8s
