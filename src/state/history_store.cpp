#include "infractl/state/history_store.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "infractl/core/error.hpp"
#include "infractl/state/atomic_file.hpp"
#include "infractl/state/desired_codec.hpp"
#include "infractl/state/state_dir.hpp"

namespace infractl {

namespace {

using J = nlohmann::ordered_json;
constexpr int kFormat = 1;
constexpr const char* kHint = "fix it, or move it away to start a new history";

J entry_json(const HistoryEntry& e) {
    J images = J::object();
    for (const auto& [key, img] : e.images) images[key] = {{"ref", img.ref}, {"id", img.id}};
    return {{"number", e.number}, {"time", e.time}, {"command", e.command}, {"images", images},
            {"desired", encode_desired(e.desired)}};
}

HistoryEntry entry_from(const nlohmann::json& j, const std::string& path) {
    HistoryEntry e;
    e.number = j.at("number").get<int>();
    e.time = j.at("time").get<std::string>();
    e.command = j.at("command").get<std::string>();
    for (const auto& [key, img] : j.at("images").items())
        e.images[key] = {img.at("ref").get<std::string>(), img.at("id").get<std::string>()};
    e.desired = decode_desired(j.at("desired"), path);
    return e;
}

struct Loaded {
    int next = 1;
    std::vector<HistoryEntry> entries;
};

Loaded parse(const std::string& path, const std::string& text) {
    Loaded out;
    try {
        auto doc = nlohmann::json::parse(text);
        int version = doc.value("format_version", 0);
        if (version > kFormat)
            throw Error(ErrorKind::invalid_input,
                        fmt::format("{}: history format_version {} is newer than this infractl reads ({})", path,
                                    version, kFormat),
                        "use a newer infractl");
        if (version != kFormat)
            throw Error(ErrorKind::invalid_input, fmt::format("{}: not an infractl history file", path), kHint);
        out.next = doc.at("next").get<int>();
        for (const auto& e : doc.at("entries")) out.entries.push_back(entry_from(e, path));
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorKind::invalid_input, fmt::format("cannot read {}: {}", path, e.what()), kHint);
    }
    return out;
}

Loaded load_file(const std::string& path) {
    auto text = read_whole_file(path);
    if (!text) return {};
    return parse(path, *text);
}

}  // namespace

HistoryStore::HistoryStore(std::string state_dir, std::string stack, std::string profile)
    : dir_(std::move(state_dir)),
      stack_(std::move(stack)),
      profile_(std::move(profile)),
      path_(stack_state_path(dir_, stack_, profile_, "history.json")) {}

std::vector<HistoryEntry> HistoryStore::load() const { return load_file(path_).entries; }

int HistoryStore::append(HistoryEntry entry) const {
    Loaded all = load_file(path_);
    for (const auto& e : all.entries) all.next = std::max(all.next, e.number + 1);
    entry.number = all.next;
    all.entries.push_back(std::move(entry));
    if (all.entries.size() > kHistoryLimit)
        all.entries.erase(all.entries.begin(), all.entries.end() - static_cast<std::ptrdiff_t>(kHistoryLimit));
    J entries = J::array();
    for (const auto& e : all.entries) entries.push_back(entry_json(e));
    J doc = {{"format_version", kFormat}, {"stack", stack_}, {"profile", profile_}, {"next", all.next + 1},
             {"entries", entries}};
    ensure_state_dir(dir_);
    write_atomically(path_, doc.dump(2) + "\n");
    return all.entries.back().number;
}

bool same_run(const HistoryEntry& a, const HistoryEntry& b) {
    if (a.images.size() != b.images.size()) return false;
    for (const auto& [key, img] : a.images) {
        auto it = b.images.find(key);
        if (it == b.images.end() || it->second.id != img.id || it->second.ref != img.ref) return false;
    }
    return encode_desired(a.desired) == encode_desired(b.desired);
}

}  // namespace infractl
