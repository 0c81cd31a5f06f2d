// A compose file's top level: version, services, networks, volumes.
#include "infractl/compose/compose_parser.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "compose_reader.hpp"

namespace infractl::compose {

namespace {

std::string absolute_dir(const std::string& file) {
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(file, ec);
    return (ec ? std::filesystem::path(file) : p).lexically_normal().parent_path().string();
}

void read_version(Reader& r, const Node& v) {
    auto t = r.text(v, "version");
    if (t && t->value.rfind('1', 0) == 0)
        r.error(v, fmt::format("compose file format {} is not supported", t->value),
                "infractl reads format 2, 3 and the compose spec: put the services under 'services:'");
}

void read_networks(Reader& r, const Node& map, File& f) {
    if (!r.mapping(map, "networks")) return;
    for (const auto& [k, v] : map.entries) {
        NetworkDecl net{k->value, std::nullopt, std::nullopt, r.loc(*k)};
        if (r.mapping(*v, k->value)) {
            r.fields(*v, "networks." + k->value + ".", {
                {"internal", [&](const Node&, const Node& x) { if (auto t = r.text(x, "internal")) net.internal = t; }},
                {"driver", [&](const Node&, const Node& x) { if (auto t = r.text(x, "driver")) net.driver = t; }},
            }, "networks.*.");
        }
        f.networks.push_back(std::move(net));
    }
}

void read_volumes(Reader& r, const Node& map, File& f) {
    if (!r.mapping(map, "volumes")) return;
    for (const auto& [k, v] : map.entries) {
        f.volumes.push_back(VolumeDecl{k->value, r.loc(*k)});
        if (r.mapping(*v, k->value)) r.fields(*v, "volumes." + k->value + ".", {}, "volumes.*.");
    }
}

void read_services(Reader& r, const Node& map, File& f) {
    if (!r.mapping(map, "services")) return;
    for (const auto& [k, v] : map.entries) {
        if (!k->is_scalar()) {
            r.error(*k, fmt::format("expected a service name, got {}", yaml::kind_name(*k)));
            continue;
        }
        f.services.push_back(read_service(r, *k, *v));
    }
}

// The empty-file hint of the shared YAML reader speaks of topologies.
void copy_diagnostics(const Diagnostics& from, Diagnostics& to) {
    for (const auto& d : from.all()) {
        std::string hint = d.message == "file is empty" ? "a compose file starts with 'services:'" : d.hint;
        if (d.severity == Severity::error) to.error(d.loc, d.message, hint);
        else to.warning(d.loc, d.message, hint);
    }
}

}  // namespace

Service* File::find(const std::string& service) {
    for (auto& s : services)
        if (s.name == service) return &s;
    return nullptr;
}

const Service* File::find(const std::string& service) const { return const_cast<File*>(this)->find(service); }

std::optional<File> parse_compose_text(const std::string& text, const std::string& path, Unsupported mode,
                                       Diagnostics& diags) {
    Diagnostics local;
    yaml::NodePtr root = yaml::parse_document(text, path, local);
    copy_diagnostics(local, diags);
    if (!root) return std::nullopt;
    File f;
    f.path = path;
    f.sources = {path};
    f.dir = absolute_dir(path);
    Reader r(path, f.dir, mode, diags);
    if (!root->is_mapping()) {
        r.error(*root, fmt::format("expected a mapping at the top of a compose file, got {}", yaml::kind_name(*root)),
                "a compose file starts with 'services:'");
        return std::nullopt;
    }
    bool has_services = std::any_of(root->entries.begin(), root->entries.end(),
                                    [](const auto& e) { return e.first->is_scalar() && e.first->value == "services"; });
    if (!has_services) {
        r.error(*root, "no 'services' in the compose file",
                "infractl reads format 2, 3 and the compose spec, where services are under 'services:'");
        return std::nullopt;
    }
    r.fields(*root, "", {
        {"version", [&](const Node&, const Node& v) { read_version(r, v); }},
        {"name", [&](const Node&, const Node& v) { f.name = r.text(v, "name"); }},
        {"services", [&](const Node&, const Node& v) { read_services(r, v, f); }},
        {"networks", [&](const Node&, const Node& v) { read_networks(r, v, f); }},
        {"volumes", [&](const Node&, const Node& v) { read_volumes(r, v, f); }},
    });
    return f;
}

ReadFile disk_reader() {
    return [](const std::string& path, Diagnostics& diags) { return yaml::read_text_file(path, diags); };
}

}  // namespace infractl::compose
