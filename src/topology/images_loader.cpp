// The images file (--images, INFRACTL_IMAGES): a machine-local map from the
// image a topology names to the image to run, kept out of the profiles so one
// file serves every profile (profiles/images-local.yaml). Read with the same
// bounded YAML reader as topologies and profiles.
#include <fmt/format.h>

#include "infractl/topology/loader.hpp"
#include "yaml_document.hpp"

namespace infractl {

namespace {

Location at(const std::string& file, const yaml::Node& n) { return Location{file, n.line, n.column}; }

const char* kind(const yaml::Node& n) { return n.is_null() ? "nothing" : yaml::kind_name(n); }

void read_map(const std::string& path, const yaml::Node& images, std::map<std::string, std::string>& into,
              Diagnostics& diags) {
    if (!images.is_mapping()) {
        diags.error(at(path, images), fmt::format("expected a mapping for 'images', got {}", kind(images)));
        return;
    }
    for (const auto& [k, v] : images.entries) {
        if (!k->is_scalar() || !v->is_scalar() || v->value.empty()) {
            diags.error(at(path, *v), "expected 'image as written: image to run' in 'images'",
                        "e.g. \"redis:7-alpine\": \"infractl-local/redis:7\"");
            continue;
        }
        into[k->value] = v->value;
    }
}

}  // namespace

void load_images_file(const std::string& path, std::map<std::string, std::string>& into, Diagnostics& diags) {
    auto text = yaml::read_text_file(path, diags);
    if (!text) return;
    yaml::NodePtr root = yaml::parse_document(*text, path, diags);
    if (!root) return;
    if (!root->is_mapping()) {
        diags.error(at(path, *root), fmt::format("expected a mapping with 'images', got {}", kind(*root)));
        return;
    }
    for (const auto& [k, v] : root->entries) {
        const std::string key = k->is_scalar() ? k->value : "";
        if (key == "images") {
            read_map(path, *v, into, diags);
        } else if (key == "version") {
            if (!v->is_scalar() || v->value != "1")
                diags.error(at(path, *v),
                            fmt::format("unsupported version {}; this infractl reads version 1", v->value));
        } else {
            diags.error(at(path, *k), fmt::format("unknown key '{}' in the images file", key),
                        "the file holds only 'images:' (and optionally 'version: 1')");
        }
    }
}

}  // namespace infractl
