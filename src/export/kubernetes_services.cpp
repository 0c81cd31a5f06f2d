// What peers and pods refer to: the Namespace, a Service per reachable
// service (named as the environment's URLs name it), the ConfigMap and Secret
// of its environment, and the account the waiting init containers use.
#include <set>

#include <fmt/format.h>

#include "kubernetes_detail.hpp"

namespace infractl::k8s {

namespace {

Value head(const char* api, const char* kind, Value meta) {
    return Value::map().set("apiVersion", api).set("kind", kind).set("metadata", std::move(meta));
}

Value service_ports(const DesiredService& s) {
    std::set<std::pair<int, std::string>> seen;  // one Service port per container port
    Value list = Value::list();
    for (const auto& p : s.spec.ports) {
        if (!seen.insert({p.container_port, p.protocol}).second) continue;
        std::string proto = p.protocol;
        for (auto& ch : proto) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        Value port = Value::map();
        port.set("name", fmt::format("{}-{}", p.protocol, p.container_port));
        port.set("port", Value::num(p.container_port));
        port.set("targetPort", Value::num(p.container_port));
        port.set("protocol", proto);
        list.push(std::move(port));
    }
    return list;
}

void check_hostname(const Context& c, const DesiredService& s) {
    const std::string& alias = s.spec.network_alias;
    std::string name = service_name(s);
    if (name != alias)
        c.warn(fmt::format("{}: peers reach it as '{}' on Docker; a Kubernetes Service must be named '{}', so URLs "
                           "naming '{}' need that name",
                           s.key.str(), alias, name, alias));
    else if (name[0] >= '0' && name[0] <= '9')
        c.warn(fmt::format("{}: Service name '{}' starts with a digit, which Kubernetes refuses (RFC 1035 label)",
                           s.key.str(), name));
}

// Stateful services get a headless Service: the StatefulSet's serviceName,
// and the peers' hostname resolving to the ready pods.
void add_service(const Context& c, const DesiredService& s) {
    if (s.oneshot || (!s.stateful && s.spec.ports.empty())) return;
    check_hostname(c, s);
    Value spec = Value::map();
    if (s.stateful) spec.set("clusterIP", "None");
    spec.set("selector", selector_labels(s));
    Value ports = service_ports(s);
    if (!ports.empty()) spec.set("ports", std::move(ports));
    c.add("Service", service_name(s),
          head("v1", "Service", metadata(c, service_name(s), object_labels(c, s))).set("spec", std::move(spec)));
}

void add_env(const Context& c, const DesiredService& s) {
    Value plain = Value::map(), secret = Value::map();
    for (const auto& [k, v] : s.spec.environment) {
        if (is_secret(v))
            secret.set(k, base64(v.value));
        else
            plain.set(k, v.value);
    }
    std::string name = env_object_name(s);
    if (!plain.empty())
        c.add("ConfigMap", name, head("v1", "ConfigMap", metadata(c, name, object_labels(c, s))).set("data", std::move(plain)));
    if (!secret.empty())
        c.add("Secret", name,
              head("v1", "Secret", metadata(c, name, object_labels(c, s))).set("type", "Opaque").set("data", std::move(secret)));
}

Value rule(const char* group, const char* resource) {
    Value verbs = Value::list().push(Value::str("get")).push(Value::str("list")).push(Value::str("watch"));
    return Value::map()
        .set("apiGroups", Value::list().push(Value::str(group)))
        .set("resources", Value::list().push(Value::str(resource)))
        .set("verbs", std::move(verbs));
}

}  // namespace

void add_service_config(const Context& c, const DesiredService& s) {
    add_service(c, s);
    add_env(c, s);
}

void add_namespace(const Context& c) {
    Value meta = Value::map().set("name", c.ns).set("labels", stack_labels(c));
    c.add("Namespace", c.ns, head("v1", "Namespace", std::move(meta)), Scope::cluster);
}

// Read-only, and only pods and jobs of this namespace: what `kubectl wait` needs.
void add_wait_rbac(const Context& c) {
    c.add("ServiceAccount", kWaitAccount, head("v1", "ServiceAccount", metadata(c, kWaitAccount, stack_labels(c))));
    Value rules = Value::list().push(rule("", "pods")).push(rule("batch", "jobs"));
    c.add("Role", kWaitAccount,
          head("rbac.authorization.k8s.io/v1", "Role", metadata(c, kWaitAccount, stack_labels(c))).set("rules", std::move(rules)));
    Value ref = Value::map().set("apiGroup", "rbac.authorization.k8s.io").set("kind", "Role").set("name", kWaitAccount);
    Value subject = Value::map().set("kind", "ServiceAccount").set("name", kWaitAccount).set("namespace", c.ns);
    c.add("RoleBinding", kWaitAccount,
          head("rbac.authorization.k8s.io/v1", "RoleBinding", metadata(c, kWaitAccount, stack_labels(c)))
              .set("roleRef", std::move(ref))
              .set("subjects", Value::list().push(std::move(subject))));
}

}  // namespace infractl::k8s
