// `build:` of a service: a context path, or a mapping like compose's.
#include <filesystem>

#include <fmt/format.h>

#include "service_parser.hpp"

namespace infractl::yaml {

namespace {

std::string absolute_context(Reader& r, const std::string& written) {
    std::filesystem::path p(written);
    if (p.is_relative()) p = std::filesystem::path(r.base_dir()) / p;
    return p.lexically_normal().string();
}

void read_args(Reader& r, const Node& n, BuildSpec& b) {
    if (n.is_mapping()) {
        for (const auto& [k, v] : n.entries) {
            if (v->is_null()) b.args[k->value] = "";
            else if (auto t = r.text(*v, k->value)) b.args[k->value] = *t;
        }
        return;
    }
    if (!r.sequence(n, "args")) return;
    for (const auto& item : n.items) {
        auto t = r.text(*item, "args");
        if (!t) continue;
        std::size_t eq = t->find('=');
        if (eq == 0 || eq == std::string::npos) {
            r.error(*item, fmt::format("build arg '{}' is not NAME=VALUE", *t), "e.g. - PYTHON=3.11");
            continue;
        }
        b.args[t->substr(0, eq)] = t->substr(eq + 1);
    }
}

}  // namespace

std::optional<BuildSpec> read_build(Reader& r, const Node& n) {
    BuildSpec b;
    b.loc = r.loc(n);
    if (n.is_scalar()) {
        auto t = r.text(n, "build");
        if (!t) return std::nullopt;
        b.context = absolute_context(r, *t);
        b.context_loc = b.loc;
        b.dockerfile_loc = b.loc;
        return b;
    }
    if (!n.is_mapping()) {
        r.type_error(n, "a context path or a mapping", "build");
        return std::nullopt;
    }
    bool has_context = false;
    bool ok = true;
    auto text = [&](const Node& v, const char* what, std::string& out, Location* at) {
        auto t = r.text(v, what);
        if (!t) ok = false;
        else out = *t;
        if (at) *at = r.loc(v);
    };
    r.fields(n, "in 'build'", {
        {"context", [&](const Node&, const Node& v) {
             std::string written;
             text(v, "context", written, &b.context_loc);
             b.context = absolute_context(r, written);
             has_context = true;
         }},
        {"dockerfile", [&](const Node&, const Node& v) { text(v, "dockerfile", b.dockerfile, &b.dockerfile_loc); }},
        {"args", [&](const Node&, const Node& v) { read_args(r, v, b); }},
        {"target", [&](const Node&, const Node& v) { text(v, "target", b.target, nullptr); }},
    });
    if (!has_context) {
        r.error(n, "'build' has no 'context'", "name the folder sent to the engine, e.g. context: ./images/app");
        return std::nullopt;
    }
    if (!b.dockerfile_loc.known()) b.dockerfile_loc = b.context_loc;
    if (!ok) return std::nullopt;
    return b;
}

}  // namespace infractl::yaml
