#include "infractl/state/overrides_store.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "infractl/core/error.hpp"
#include "infractl/state/atomic_file.hpp"
#include "infractl/state/state_dir.hpp"

namespace infractl {

namespace {

constexpr const char* kHint = "fix it, or delete it to forget every remembered scale";

Error write_error(const std::string& path, int err) {
    return Error(ErrorKind::invalid_input, fmt::format("cannot write {}: {}", path, std::strerror(err)));
}

Overrides parse(const std::string& path, const std::string& text) {
    Overrides out;
    try {
        auto doc = nlohmann::json::parse(text);
        if (doc.value("format_version", 0) != 1)
            throw Error(ErrorKind::invalid_input, fmt::format("{}: unsupported format_version", path), kHint);
        for (const auto& [key, v] : doc.at("overrides").items())
            out[key] = ReplicaOverride{v.at("replicas").get<int>(), v.at("base").get<int>()};
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorKind::invalid_input, fmt::format("cannot read {}: {}", path, e.what()), kHint);
    }
    return out;
}

}  // namespace

OverridesStore::OverridesStore(std::string state_dir, std::string stack, std::string profile)
    : dir_(std::move(state_dir)),
      stack_(std::move(stack)),
      profile_(std::move(profile)),
      path_(stack_state_path(dir_, stack_, profile_, "overrides.json")) {}

Overrides OverridesStore::load() const {
    auto text = read_whole_file(path_);
    return text ? parse(path_, *text) : Overrides{};
}

void OverridesStore::save(const Overrides& overrides) const {
    if (overrides.empty()) {
        if (::unlink(path_.c_str()) != 0 && errno != ENOENT) throw write_error(path_, errno);
        return;
    }
    ensure_state_dir(dir_);
    nlohmann::ordered_json entries = nlohmann::ordered_json::object();
    for (const auto& [key, o] : overrides) entries[key] = {{"replicas", o.replicas}, {"base", o.base}};
    nlohmann::ordered_json doc = {
        {"format_version", 1}, {"stack", stack_}, {"profile", profile_}, {"overrides", entries}};
    write_atomically(path_, doc.dump(2) + "\n");
}

void OverridesStore::set(const std::string& key, const ReplicaOverride& value) const {
    Overrides all = load();
    all[key] = value;
    save(all);
}

bool OverridesStore::reset(const std::string& key) const {
    Overrides all = load();
    if (!all.erase(key)) return false;
    save(all);
    return true;
}

}  // namespace infractl
