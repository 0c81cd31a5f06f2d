// Value and its emission with yaml-cpp's emitter (the project's YAML writer).
#include <algorithm>
#include <cctype>
#include <regex>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "infractl/export/kubernetes.hpp"

namespace infractl::k8s {

Value Value::str(std::string s) {
    Value v;
    v.kind_ = Kind::string;
    v.str_ = std::move(s);
    return v;
}

Value Value::num(std::int64_t n) {
    Value v;
    v.kind_ = Kind::integer;
    v.num_ = n;
    return v;
}

Value Value::flag(bool b) {
    Value v;
    v.kind_ = Kind::boolean;
    v.flag_ = b;
    return v;
}

Value Value::map() { return Value{}; }

Value Value::list() {
    Value v;
    v.kind_ = Kind::list;
    return v;
}

Value& Value::set(const std::string& key, Value v) {
    for (auto& e : entries_)
        if (e.key == key) {
            e.value = std::move(v);
            return *this;
        }
    entries_.push_back(Entry{key, std::move(v)});
    return *this;
}

Value& Value::push(Value v) {
    items_.push_back(std::move(v));
    return *this;
}

const Value* Value::find(std::string_view key) const {
    if (kind_ != Kind::map) return nullptr;
    for (const auto& e : entries_)
        if (e.key == key) return &e.value;
    return nullptr;
}

const Value* Value::at(std::initializer_list<std::string_view> path) const {
    const Value* v = this;
    for (auto key : path)
        if (!(v = v->find(key))) return nullptr;
    return v;
}

bool Value::empty() const { return entries_.empty() && items_.empty(); }

namespace {

// A plain scalar that a YAML 1.1 or 1.2 reader (kubectl's is 1.1-ish) would
// read as null, a boolean or a number: Kubernetes wants a string there
// (ConfigMap data, label values, "100" as an averageValue), so it is quoted.
bool reads_as_non_string(const std::string& s) {
    static const std::regex special(
        "|~|null|true|false|yes|no|on|off|y|n|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
        "|0x[0-9a-f_]+|0o?[0-7_]+|[-+]?\\.(inf)|\\.nan|[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?",
        std::regex::icase | std::regex::optimize);
    return std::regex_match(s, special);
}

void emit_value(YAML::Emitter& out, const Value& v) {
    switch (v.kind()) {
        case Value::Kind::string:
            if (reads_as_non_string(v.as_string())) out << YAML::DoubleQuoted;
            out << v.as_string();
            break;
        case Value::Kind::integer: out << v.as_int(); break;
        case Value::Kind::boolean: out << YAML::TrueFalseBool << v.as_bool(); break;
        case Value::Kind::map:
            if (v.entries().empty()) out << YAML::Flow;
            out << YAML::BeginMap;
            for (const auto& e : v.entries()) {
                out << YAML::Key << e.key << YAML::Value;
                emit_value(out, e.value);
            }
            out << YAML::EndMap;
            break;
        case Value::Kind::list:
            if (v.items().empty()) out << YAML::Flow;
            out << YAML::BeginSeq;
            for (const auto& item : v.items()) emit_value(out, item);
            out << YAML::EndSeq;
            break;
    }
}

// Kinds in the order they are applied: what others refer to comes first.
int kind_rank(const std::string& kind) {
    static const char* order[] = {"Namespace",  "ServiceAccount", "Role",           "RoleBinding",
                                  "ConfigMap",  "Secret",         "Service",        "NetworkPolicy",
                                  "StatefulSet", "Deployment",    "Job",            "HorizontalPodAutoscaler",
                                  "ScaledObject", "PodDisruptionBudget"};
    auto it = std::find(std::begin(order), std::end(order), kind);
    return static_cast<int>(it - std::begin(order));
}

}  // namespace

std::string emit_yaml(const Value& v) {
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetSeqFormat(YAML::Block);
    emit_value(out, v);
    return std::string(out.c_str()) + "\n";
}

std::string emit_stream(const std::vector<Object>& objects) {
    std::string text;
    for (const auto& o : objects) text.append("---\n").append(emit_yaml(o.doc));
    return text;
}

std::string file_name(const Object& o) {
    std::string kind = o.kind;
    std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char ch) { return std::tolower(ch); });
    return fmt::format("{:02}-{}-{}.yaml", kind_rank(o.kind), kind, o.name);
}

bool object_order(const Object& a, const Object& b) {
    return std::tuple(kind_rank(a.kind), a.ns, a.name) < std::tuple(kind_rank(b.kind), b.ns, b.name);
}

}  // namespace infractl::k8s
