#include "infractl/state/history_view.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace infractl {

namespace {

std::string short_id(const std::string& id) {
    std::string s = id.rfind("sha256:", 0) == 0 ? id.substr(7) : id;
    return "sha256:" + s.substr(0, 12);
}

std::string join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
    return out;
}

std::vector<std::string> env_changes(const ContainerSpec& was, const ContainerSpec& now) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : now.environment) {
        auto it = was.environment.find(k);
        if (it == was.environment.end() || !(it->second == v)) keys.push_back(k);
    }
    for (const auto& [k, v] : was.environment)
        if (!now.environment.count(k)) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    return keys;
}

bool same_resources(const ContainerSpec& a, const ContainerSpec& b) {
    return a.cpu_limit == b.cpu_limit && a.memory_limit == b.memory_limit && a.cpu_reservation == b.cpu_reservation &&
           a.memory_reservation == b.memory_reservation && a.restart == b.restart &&
           a.restart_max_retries == b.restart_max_retries;
}

void service_changes(const HistoryEntry& prev, const HistoryEntry& cur, const DesiredService& was,
                     const DesiredService& now, std::vector<std::string>& out) {
    const std::string key = now.key.str();
    auto image = [&](const HistoryEntry& e, const DesiredService& s) {
        auto it = e.images.find(key);
        return it != e.images.end() ? it->second : RecordedImage{s.spec.image, ""};
    };
    RecordedImage a = image(prev, was), b = image(cur, now);
    bool image_changed = a.ref != b.ref || (!a.id.empty() && !b.id.empty() && a.id != b.id);
    if (a.ref != b.ref) out.push_back(fmt::format("{}: image {} -> {}", key, a.ref, b.ref));
    else if (image_changed)
        out.push_back(fmt::format("{}: image {} now {} (was {})", key, b.ref, short_id(b.id), short_id(a.id)));
    if (was.replicas != now.replicas) out.push_back(fmt::format("{}: replicas {} -> {}", key, was.replicas, now.replicas));
    auto env = env_changes(was.spec, now.spec);
    if (!env.empty()) out.push_back(fmt::format("{}: environment {}", key, join(env, ", ")));
    if (was.config_hash != now.config_hash && a.ref == b.ref && env.empty())
        out.push_back(fmt::format("{}: configuration", key));
    if (!same_resources(was.spec, now.spec)) out.push_back(fmt::format("{}: resources", key));
}

std::string display_time(const std::string& iso) {
    std::string t = iso;
    if (t.size() > 10 && t[10] == 'T') t[10] = ' ';
    return t;
}

}  // namespace

std::vector<std::string> entry_changes(const HistoryEntry* previous, const HistoryEntry& entry) {
    if (!previous) return {"first recorded run"};
    std::vector<std::string> out;
    for (const auto& s : entry.desired.services) {
        const DesiredService* was = previous->desired.find(s.key);
        if (!was) out.push_back("+ " + s.key.str());
        else service_changes(*previous, entry, *was, s, out);
    }
    for (const auto& s : previous->desired.services)
        if (!entry.desired.find(s.key)) out.push_back("- " + s.key.str());
    if (out.empty()) out.push_back("no change");
    return out;
}

std::string render_history_text(const std::vector<HistoryEntry>& entries) {
    if (entries.empty()) return "no history yet: up, scale and rollback record one entry each\n";
    std::string out = fmt::format("{:<4}{:<22}{:<28}{}\n", "#", "WHEN", "COMMAND", "CHANGES");
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const HistoryEntry& e = entries[i];
        auto changes = entry_changes(i == 0 ? nullptr : &entries[i - 1], e);
        out += fmt::format("{:<4}{:<22}{:<28}{}\n", e.number, display_time(e.time), e.command, join(changes, "; "));
    }
    return out;
}

std::string render_history_json(const std::vector<HistoryEntry>& entries, const std::string& stack,
                                const std::string& profile) {
    using J = nlohmann::ordered_json;
    J list = J::array();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const HistoryEntry& e = entries[i];
        J images = J::object();
        for (const auto& [key, img] : e.images) images[key] = {{"ref", img.ref}, {"id", img.id}};
        list.push_back({{"number", e.number},
                        {"time", e.time},
                        {"command", e.command},
                        {"images", images},
                        {"changes", entry_changes(i == 0 ? nullptr : &entries[i - 1], e)}});
    }
    J doc = {{"format_version", 1}, {"stack", stack}, {"profile", profile}, {"entries", list}};
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

HistoryEntry carry_over(HistoryEntry run, const HistoryEntry& last, const std::set<ServiceKey>& applied) {
    std::vector<DesiredService> services;
    auto take = [&](const DesiredService& svc, const HistoryEntry& from, std::map<std::string, RecordedImage>& images) {
        services.push_back(svc);
        auto it = from.images.find(svc.key.str());
        if (it != from.images.end()) images[svc.key.str()] = it->second;
    };
    std::map<std::string, RecordedImage> images;
    for (const auto& svc : run.desired.services) {
        if (applied.count(svc.key)) take(svc, run, images);
        else if (const DesiredService* kept = last.desired.find(svc.key)) take(*kept, last, images);
    }
    for (const auto& svc : last.desired.services)
        if (!run.desired.find(svc.key)) take(svc, last, images);
    run.desired.services = std::move(services);
    run.images = std::move(images);
    return run;
}

DesiredState pinned_desired(const HistoryEntry& entry) {
    DesiredState d = entry.desired;
    for (auto& s : d.services) {
        auto it = entry.images.find(s.key.str());
        if (it == entry.images.end() || it->second.id.empty()) continue;
        s.spec.image = it->second.id;
        s.pull_policy = PullPolicy::never;  // an id cannot be pulled; it is here or the run fails clearly
        for (auto& c : s.containers) c.spec.image = it->second.id;
    }
    return d;
}

}  // namespace infractl
