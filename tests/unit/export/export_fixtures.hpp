#pragma once
// Desired states for the exporter tests: the bundled example with each
// profile, or a topology written in the test, every ${VAR} at its default.
#include <string>

#include <catch2/catch.hpp>

#include "infractl/export/kubernetes.hpp"
#include "infractl/resolve/resolve.hpp"
#include "infractl/topology/loader.hpp"
#include "infractl/topology/validate.hpp"

namespace infractl::test {

inline EnvLookup no_env() {
    return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

inline DesiredState resolve_checked(const Topology& topo, const Profile& prof, Diagnostics& diags) {
    if (!diags.has_errors()) {
        validate_topology(topo, diags);
        validate_profile(topo, prof, diags);
    }
    DesiredState state;
    if (!diags.has_errors()) state = resolve(topo, prof, {}, diags);
    for (const auto& d : diags.sorted()) UNSCOPED_INFO(d.str());
    REQUIRE_FALSE(diags.has_errors());
    return state;
}

// specs/monorepo.yaml with profiles/<profile>.yaml.
inline DesiredState example_state(const std::string& profile) {
    const std::string root = INFRACTL_SOURCE_DIR;
    Diagnostics diags;
    Topology topo = load_topology_file(root + "/specs/monorepo.yaml", no_env(), diags);
    Profile prof = load_profile_file(root + "/profiles/" + profile + ".yaml", no_env(), diags);
    return resolve_checked(topo, prof, diags);
}

inline DesiredState state_of(const std::string& topology, const std::string& profile = "version: 1\nprofile: t\n") {
    Diagnostics diags;
    Topology topo = load_topology_text(topology, "test.yaml", no_env(), diags);
    Profile prof = load_profile_text(profile, "profiles/t.yaml", no_env(), diags);
    return resolve_checked(topo, prof, diags);
}

// The object of that kind and name; fails the test when there is none.
inline const k8s::Value& object(const k8s::KubernetesExport& e, const std::string& kind, const std::string& name) {
    for (const auto& o : e.objects)
        if (o.kind == kind && o.name == name) return o.doc;
    FAIL("no " << kind << " " << name);
    throw;
}

inline bool has_object(const k8s::KubernetesExport& e, const std::string& kind, const std::string& name) {
    for (const auto& o : e.objects)
        if (o.kind == kind && o.name == name) return true;
    return false;
}

inline std::string text_at(const k8s::Value& v, std::initializer_list<std::string_view> path) {
    const k8s::Value* at = v.at(path);
    if (!at) return "(absent)";
    if (at->kind() == k8s::Value::Kind::integer) return std::to_string(at->as_int());
    return at->kind() == k8s::Value::Kind::string ? at->as_string() : k8s::emit_yaml(*at);
}

// The first (only) container of a workload's pod template.
inline const k8s::Value& main_container(const k8s::Value& workload) {
    const k8s::Value* list = workload.at({"spec", "template", "spec", "containers"});
    REQUIRE(list);
    REQUIRE(list->items().size() == 1);
    return list->items().front();
}

}  // namespace infractl::test
