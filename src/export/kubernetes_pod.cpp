// The pod template every workload shares: one container per service, its
// environment by reference (never inline), resources, stop behaviour, mounts.
#include <algorithm>
#include <regex>

#include <fmt/format.h>

#include "kubernetes_detail.hpp"

namespace infractl::k8s {

namespace {

const char* pull_policy(PullPolicy p) {
    switch (p) {
        case PullPolicy::always: return "Always";
        case PullPolicy::never: return "Never";
        case PullPolicy::missing: break;
    }
    return "IfNotPresent";
}

// Kubernetes expands $(VAR) in command and args; "$$(" keeps a literal "$(".
Value argv(const std::vector<std::string>& words) {
    Value list = Value::list();
    for (const std::string& w : words) {
        std::string escaped;
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (w[i] == '$' && i + 1 < w.size() && w[i + 1] == '(') escaped.push_back('$');
            escaped.push_back(w[i]);
        }
        list.push(Value::str(std::move(escaped)));
    }
    return list;
}

Value env_from(const DesiredService& s) {
    bool plain = false, secret = false;
    for (const auto& [k, v] : s.spec.environment) (is_secret(v) ? secret : plain) = true;
    Value list = Value::list();
    if (plain) list.push(Value::map().set("configMapRef", Value::map().set("name", env_object_name(s))));
    if (secret) list.push(Value::map().set("secretRef", Value::map().set("name", env_object_name(s))));
    return list;
}

Value ports(const DesiredService& s) {
    Value list = Value::list();
    for (const auto& p : s.spec.ports) {
        std::string proto = p.protocol;
        std::transform(proto.begin(), proto.end(), proto.begin(), ::toupper);
        list.push(Value::map().set("containerPort", Value::num(p.container_port)).set("protocol", proto));
    }
    return list;
}

Value resources(const ContainerSpec& spec) {
    Value requests = Value::map(), limits = Value::map();
    if (spec.cpu_reservation) requests.set("cpu", cpu_quantity(*spec.cpu_reservation));
    if (spec.memory_reservation) requests.set("memory", memory_quantity(*spec.memory_reservation));
    if (spec.cpu_limit) limits.set("cpu", cpu_quantity(*spec.cpu_limit));
    if (spec.memory_limit) limits.set("memory", memory_quantity(*spec.memory_limit));
    Value r = Value::map();
    if (!requests.empty()) r.set("requests", std::move(requests));
    if (!limits.empty()) r.set("limits", std::move(limits));
    return r;
}

// Kubernetes has no stop-signal field: the kubelet sends SIGTERM after the
// preStop hook, so another signal is sent to PID 1 by the hook first.
Value stop_hook(const std::string& signal) {
    std::string sig = signal.rfind("SIG", 0) == 0 ? signal.substr(3) : signal;
    if (sig.empty() || sig == "TERM" || sig == "15") return Value::map();
    bool number = std::all_of(sig.begin(), sig.end(), ::isdigit);
    std::string cmd = number ? fmt::format("kill -{} 1", sig) : fmt::format("kill -s {} 1", sig);
    Value exec = Value::map().set("command", Value::list().push(Value::str("sh")).push(Value::str("-c")).push(Value::str(cmd)));
    return Value::map().set("preStop", Value::map().set("exec", std::move(exec)));
}

Value volume_mounts(const Context& c, const DesiredService& s) {
    Value list = Value::list();
    for (const auto& m : s.spec.mounts) {
        if (!m.is_volume) {
            c.warn(fmt::format("{}: bind mount {}:{} is not exported (a host path does not exist on cluster nodes; "
                               "use a ConfigMap or a volume)",
                               s.key.str(), m.source, m.target));
            continue;
        }
        if (s.oneshot) {
            c.warn(fmt::format("{}: volume {} of a one-shot Job is not exported", s.key.str(), m.source));
            continue;
        }
        Value v = Value::map().set("name", dns_label(c.vol_keys.at(m.source))).set("mountPath", m.target);
        if (m.read_only) v.set("readOnly", Value::flag(true));
        list.push(std::move(v));
    }
    for (const auto& secret : s.spec.secrets)
        c.warn(fmt::format("{}: secret {} (/run/secrets/{}) is not exported; create a Secret and mount it there",
                           s.key.str(), secret.source, secret.target));
    return list;
}

Value security_context(const Context& c, const DesiredService& s) {
    static const std::regex numeric("([0-9]+)(:([0-9]+))?");
    std::smatch m;
    Value sc = Value::map();
    if (s.spec.user.empty()) return sc;
    if (!std::regex_match(s.spec.user, m, numeric)) {
        c.warn(fmt::format("{}: user '{}' is not exported: Kubernetes takes a numeric uid (runAsUser)", s.key.str(),
                           s.spec.user));
        return sc;
    }
    sc.set("runAsUser", Value::num(std::stoll(m[1])));
    if (m[3].matched) sc.set("runAsGroup", Value::num(std::stoll(m[3])));
    return sc;
}

void set_if(Value& map, const char* key, Value v) {
    if (!v.empty()) map.set(key, std::move(v));
}

}  // namespace

Value container(const Context& c, const DesiredService& s) {
    const ContainerSpec& spec = s.spec;
    Value k = Value::map();
    k.set("name", dns_label(s.key.service));
    k.set("image", export_image(s));
    k.set("imagePullPolicy", pull_policy(export_pull_policy(s)));
    if (spec.entrypoint) k.set("command", argv(*spec.entrypoint));
    if (spec.command) k.set("args", argv(*spec.command));
    if (!spec.working_dir.empty()) k.set("workingDir", spec.working_dir);
    set_if(k, "ports", ports(s));
    set_if(k, "envFrom", env_from(s));
    set_if(k, "resources", resources(spec));
    if (spec.healthcheck) {
        set_if(k, "readinessProbe", probe(*spec.healthcheck));
        set_if(k, "livenessProbe", probe(*spec.healthcheck));
    }
    set_if(k, "lifecycle", stop_hook(spec.stop_signal));
    set_if(k, "volumeMounts", volume_mounts(c, s));
    set_if(k, "securityContext", security_context(c, s));
    return k;
}

Value pod_template(const Context& c, const DesiredService& s, bool job) {
    Value labels = object_labels(c, s);
    for (const auto& net : s.spec.networks) labels.set(fmt::format("{}{}", kNetworkLabelPrefix, c.net_keys.at(net)), "true");
    Value meta = Value::map().set("labels", std::move(labels));
    // Changing only the ConfigMap or Secret would not restart pods; the hash
    // (which covers the environment) in the template does.
    meta.set("annotations", Value::map().set(label::config_hash, s.config_hash));
    Value spec = Value::map();
    if (waits_for_dependencies(s)) spec.set("serviceAccountName", kWaitAccount);
    if (job) spec.set("restartPolicy", "Never");
    std::int64_t grace = (s.spec.stop_grace_period.ns + 999'999'999) / 1'000'000'000;
    spec.set("terminationGracePeriodSeconds", Value::num(grace));
    set_if(spec, "initContainers", init_containers(c, s));
    spec.set("containers", Value::list().push(container(c, s)));
    return Value::map().set("metadata", std::move(meta)).set("spec", std::move(spec));
}

}  // namespace infractl::k8s
