#pragma once
// Shared by src/export/kubernetes_*.cpp only: what every mapping function
// reads (the state, the options, the namespace) and where it reports what it
// could not keep.
#include <map>
#include <string>
#include <vector>

#include "infractl/export/kubernetes.hpp"

namespace infractl::k8s {

enum class Scope { namespaced, cluster };  // where an object lives

struct Context {
    const DesiredState& state;
    const KubernetesOptions& opts;
    std::string ns;                                // the stack's namespace
    std::map<std::string, std::string> net_keys;   // engine network name -> topology key
    std::map<std::string, std::string> vol_keys;   // engine volume name -> topology key
    std::vector<std::string>* warnings;
    std::vector<Object>* out;

    void warn(std::string line) const { warnings->push_back(std::move(line)); }
    void add(std::string kind, const std::string& name, Value doc, Scope scope = Scope::namespaced) const;
};

// Label keys only Kubernetes needs (the io.infractl.* keys of desired_state.hpp stay).
inline constexpr const char* kGlobalLabel = "io.infractl.global";      // "true" on globals
inline constexpr const char* kNetworkLabelPrefix = "io.infractl.network/";  // + key: "true"
inline constexpr const char* kInstanceLabel = "app.kubernetes.io/instance";
// The ServiceAccount of pods whose init containers run `kubectl wait`.
inline constexpr const char* kWaitAccount = "infractl-wait-for";

// Sort order of the contract in kubernetes.hpp (kubernetes_emit.cpp).
bool object_order(const Object& a, const Object& b);

// --- names and labels (kubernetes_names.cpp)
std::string workload_name(const DesiredService& s);  // dns_label(base_name)
std::string service_name(const DesiredService& s);   // dns_label(network_alias): the peers' hostname
std::string env_object_name(const DesiredService& s);  // "{workload}-env": ConfigMap and Secret
// Ownership labels of every object of `s`, and the selector (one label: unique in the stack).
Value object_labels(const Context& c, const DesiredService& s);
Value selector_labels(const DesiredService& s);
Value stack_labels(const Context& c);
// metadata {name, namespace, labels}.
Value metadata(const Context& c, const std::string& name, Value labels);
std::string base64(std::string_view bytes);
// Secret when marked secret or when it holds a URL with a password.
bool is_secret(const EnvValue& v);

// --- pod template (kubernetes_pod.cpp, kubernetes_probes.cpp)
Value pod_template(const Context& c, const DesiredService& s, bool job);
Value container(const Context& c, const DesiredService& s);
Value probe(const Healthcheck& h);  // map; empty when the healthcheck is disabled
Value init_containers(const Context& c, const DesiredService& s);  // list, maybe empty
bool waits_for_dependencies(const DesiredService& s);

// --- objects, one file per concept
void add_workload(const Context& c, const DesiredService& s);         // kubernetes_workloads.cpp
void add_service_config(const Context& c, const DesiredService& s);   // kubernetes_services.cpp
void add_namespace(const Context& c);                                 // kubernetes_services.cpp
void add_wait_rbac(const Context& c);                                 // kubernetes_services.cpp
void add_autoscaler(const Context& c, const DesiredService& s);       // kubernetes_autoscaling.cpp
void add_network_policies(const Context& c);                          // kubernetes_network.cpp

}  // namespace infractl::k8s
