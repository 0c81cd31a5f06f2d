// Names, labels and quantities: what Kubernetes accepts, derived from the
// names infractl already gives on Docker so the two stay recognisable.
#include <cctype>
#include <cstdint>

#include <fmt/format.h>

#include "infractl/core/redact.hpp"
#include "kubernetes_detail.hpp"

namespace infractl::k8s {

namespace {

// FNV-1a: stable across versions and machines, which is all a name suffix needs.
std::uint32_t fnv1a(std::string_view text) {
    std::uint32_t h = 2166136261u;
    for (unsigned char ch : text) h = (h ^ ch) * 16777619u;
    return h;
}

}  // namespace

std::string dns_label(std::string_view text) {
    std::string out;
    for (unsigned char ch : text) {
        char lower = static_cast<char>(std::tolower(ch));
        bool ok = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
        out += ok ? lower : '-';
    }
    std::size_t first = out.find_first_not_of('-');
    if (first == std::string::npos) return "x";
    out = out.substr(first, out.find_last_not_of('-') - first + 1);
    if (out.size() <= 63) return out;
    std::string head = out.substr(0, 54);
    return fmt::format("{}-{:08x}", head.substr(0, head.find_last_not_of('-') + 1), fnv1a(text));
}

std::string cpu_quantity(NanoCpus c) {
    if (c.value % 1'000'000'000 == 0) return std::to_string(c.value / 1'000'000'000);
    // A millicore is the finest CPU unit the API keeps: round up, never below the request.
    return std::to_string((c.value + 999'999) / 1'000'000) + "m";
}

std::string memory_quantity(Bytes b) {
    static const struct {
        std::int64_t unit;
        const char* suffix;
    } units[] = {{1LL << 40, "Ti"}, {1LL << 30, "Gi"}, {1LL << 20, "Mi"}, {1LL << 10, "Ki"}};
    for (const auto& u : units)
        if (b.value >= u.unit && b.value % u.unit == 0) return std::to_string(b.value / u.unit) + u.suffix;
    return std::to_string(b.value);
}

std::string workload_name(const DesiredService& s) { return dns_label(s.base_name); }
std::string service_name(const DesiredService& s) { return dns_label(s.spec.network_alias); }
std::string env_object_name(const DesiredService& s) { return dns_label(s.base_name + "-env"); }

Value stack_labels(const Context& c) {
    Value l = Value::map();
    l.set("app.kubernetes.io/managed-by", "infractl");
    l.set("app.kubernetes.io/part-of", c.state.stack);
    l.set(label::managed_by, "infractl");
    l.set(label::stack, c.state.stack);
    return l;
}

// io.infractl.project is "_global" on Docker; a label value must start with
// an alphanumeric, so on Kubernetes globals carry io.infractl.global instead.
Value object_labels(const Context& c, const DesiredService& s) {
    Value l = stack_labels(c);
    l.set("app.kubernetes.io/name", s.key.service);
    l.set(kInstanceLabel, workload_name(s));
    if (s.global)
        l.set(kGlobalLabel, "true");
    else
        l.set(label::project, s.key.project);
    l.set(label::service, s.key.service);
    if (s.oneshot) l.set(label::oneshot, "true");
    return l;
}

// base_name is unique in the stack (it names the Docker containers), so one
// label selects a service's pods and nothing else.
Value selector_labels(const DesiredService& s) { return Value::map().set(kInstanceLabel, workload_name(s)); }

Value metadata(const Context& c, const std::string& name, Value labels) {
    Value m = Value::map();
    m.set("name", name);
    m.set("namespace", c.ns);
    m.set("labels", std::move(labels));
    return m;
}

std::string base64(std::string_view bytes) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::size_t left = bytes.size() - i;  // 1, 2, or 3 and more
        std::uint32_t n = std::uint32_t(std::uint8_t(bytes[i])) << 16;
        if (left > 1) n |= std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
        if (left > 2) n |= std::uint8_t(bytes[i + 2]);
        out.push_back(table[(n >> 18) & 63]);
        out.push_back(table[(n >> 12) & 63]);
        out.push_back(left > 1 ? table[(n >> 6) & 63] : '=');
        out.push_back(left > 2 ? table[n & 63] : '=');
    }
    return out;
}

bool is_secret(const EnvValue& v) { return v.secret || has_url_password(v.value); }

void Context::add(std::string kind, const std::string& name, Value doc, Scope scope) const {
    out->push_back(Object{std::move(kind), name, scope == Scope::namespaced ? ns : std::string(), std::move(doc)});
}

}  // namespace infractl::k8s
