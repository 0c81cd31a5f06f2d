// The images file (--images, INFRACTL_IMAGES): a machine-local map from the
// image a topology names to the image to run, kept out of the profiles so one
// file serves every profile (profiles/images-local.yaml).
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

#include <fmt/format.h>

#include "infractl/app/inputs.hpp"
#include "infractl/topology/loader.hpp"

namespace infractl {

namespace {

Location at(const std::string& file, const YAML::Mark& m) { return Location{file, m.line + 1, m.column + 1}; }

const char* kind(const YAML::Node& n) {
    switch (n.Type()) {
        case YAML::NodeType::Map: return "a mapping";
        case YAML::NodeType::Sequence: return "a sequence";
        case YAML::NodeType::Null: return "nothing";
        default: return "a scalar";
    }
}

void read_map(const std::string& path, const YAML::Node& images, std::map<std::string, std::string>& into,
              Diagnostics& diags) {
    if (!images.IsMap()) {
        diags.error(at(path, images.Mark()), fmt::format("expected a mapping for 'images', got {}", kind(images)));
        return;
    }
    for (const auto& kv : images) {
        if (!kv.first.IsScalar() || !kv.second.IsScalar() || kv.second.Scalar().empty()) {
            diags.error(at(path, kv.second.Mark()), "expected 'image as written: image to run' in 'images'",
                        "e.g. \"redis:7-alpine\": \"infractl-local/redis:7\"");
            continue;
        }
        into[kv.first.Scalar()] = kv.second.Scalar();
    }
}

// At most kMaxFileBytes, like a topology: the path may name a pipe or a
// device (/dev/zero), which YAML::LoadFile would read without end.
std::optional<std::string> read_bounded(const std::string& path, Diagnostics& diags) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diags.error(Location{path, 1, 1}, fmt::format("cannot open images file: {}", std::strerror(errno)));
        return std::nullopt;
    }
    std::string text;
    char chunk[1 << 16];
    while (text.size() <= kMaxFileBytes && in.read(chunk, sizeof chunk).gcount() > 0)
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) {
        diags.error(Location{path, 1, 1}, fmt::format("images file too large: more than {} bytes", kMaxFileBytes));
        return std::nullopt;
    }
    if (auto nul = text.find('\0'); nul != std::string::npos) {
        diags.error(Location{path, 1, 1}, "images file contains a NUL byte", "is this a binary file?");
        return std::nullopt;
    }
    return text;
}

}  // namespace

void load_images_file(const std::string& path, std::map<std::string, std::string>& into, Diagnostics& diags) {
    auto text = read_bounded(path, diags);
    if (!text) return;
    YAML::Node root;
    try {
        root = YAML::Load(*text);
    } catch (const YAML::ParserException& e) {
        diags.error(at(path, e.mark), e.msg);
        return;
    } catch (const YAML::Exception& e) {
        diags.error(Location{path, 1, 1}, fmt::format("cannot read images file: {}", e.what()));
        return;
    }
    if (!root.IsMap()) {
        diags.error(Location{path, 1, 1}, fmt::format("expected a mapping with 'images', got {}", kind(root)));
        return;
    }
    for (const auto& kv : root) {
        const std::string key = kv.first.as<std::string>("");
        if (key == "images") read_map(path, kv.second, into, diags);
        else if (key == "version" && kv.second.as<std::string>("") == "1") continue;
        else if (key == "version")
            diags.error(at(path, kv.second.Mark()),
                        fmt::format("unsupported version {}; this infractl reads version 1", kv.second.as<std::string>("")));
        else
            diags.error(at(path, kv.first.Mark()), fmt::format("unknown key '{}' in the images file", key),
                        "the file holds only 'images:' (and optionally 'version: 1')");
    }
}

}  // namespace infractl
