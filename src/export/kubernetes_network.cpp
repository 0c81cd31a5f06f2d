// Networks. Kubernetes has one flat pod network; infractl's networks survive
// as pod labels (io.infractl.network/KEY: "true"), and an internal network
// becomes a NetworkPolicy: its pods admit traffic only from pods on it.
#include <fmt/format.h>

#include "kubernetes_detail.hpp"

namespace infractl::k8s {

namespace {

Value on_network(const std::string& key) {
    return Value::map().set("matchLabels", Value::map().set(fmt::format("{}{}", kNetworkLabelPrefix, key), "true"));
}

bool has_members(const Context& c, const DesiredNetwork& n) {
    for (const auto& s : c.state.services)
        for (const auto& net : s.spec.networks)
            if (net == n.name) return true;
    return false;
}

void add_policy(const Context& c, const DesiredNetwork& n) {
    Value from = Value::list().push(Value::map().set("podSelector", on_network(n.key)));
    Value spec = Value::map();
    spec.set("podSelector", on_network(n.key));
    spec.set("policyTypes", Value::list().push(Value::str("Ingress")));
    spec.set("ingress", Value::list().push(Value::map().set("from", std::move(from))));
    std::string name = dns_label(n.name);
    Value doc = Value::map().set("apiVersion", "networking.k8s.io/v1").set("kind", "NetworkPolicy");
    doc.set("metadata", metadata(c, name, stack_labels(c))).set("spec", std::move(spec));
    c.add("NetworkPolicy", name, std::move(doc));
}

}  // namespace

// Only ingress is restricted: Docker's internal network also has no route
// outside, but a pod that is on another network too keeps that route on
// Docker, and an egress policy cannot tell which of its networks a packet
// uses (docs/kubernetes.md, "Not mapped").
void add_network_policies(const Context& c) {
    for (const auto& n : c.state.networks)
        if (n.internal && has_members(c, n)) add_policy(c, n);
}

}  // namespace infractl::k8s
