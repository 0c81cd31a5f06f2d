#include "infractl/state/autoscale_store.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "infractl/core/error.hpp"
#include "infractl/state/atomic_file.hpp"
#include "infractl/state/state_dir.hpp"

namespace infractl {

namespace {

using Json = nlohmann::ordered_json;

Json to_json(const std::vector<TimedCount>& list) {
    Json out = Json::array();
    for (const auto& t : list) {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.at.time_since_epoch()).count();
        out.push_back(Json::array({ms, t.count}));
    }
    return out;
}

std::vector<TimedCount> from_json(const nlohmann::json& list) {
    std::vector<TimedCount> out;
    for (const auto& e : list) {
        auto at = WallClock::time_point(
            std::chrono::duration_cast<WallClock::duration>(std::chrono::milliseconds(e.at(0).get<std::int64_t>())));
        out.push_back({at, e.at(1).get<int>()});
    }
    return out;
}

}  // namespace

AutoscaleStore::AutoscaleStore(std::string state_dir, std::string stack, std::string profile)
    : dir_(std::move(state_dir)),
      stack_(std::move(stack)),
      profile_(std::move(profile)),
      path_(stack_state_path(dir_, stack_, profile_, "autoscale.json")) {}

AutoscaleHistory AutoscaleStore::load() const {
    std::optional<std::string> text = read_whole_file(path_);
    if (!text) return {};
    AutoscaleHistory out;
    try {
        auto doc = nlohmann::json::parse(*text);
        if (doc.value("format_version", 0) != 1)
            throw Error(ErrorKind::invalid_input, fmt::format("{}: unsupported format_version", path_),
                        "delete it: autoscale starts with an empty window");
        for (const auto& [key, v] : doc.at("services").items())
            out[key] = HpaHistory{from_json(v.at("recommendations")), from_json(v.at("scale_ups")),
                                  from_json(v.at("scale_downs"))};
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorKind::invalid_input, fmt::format("cannot read {}: {}", path_, e.what()),
                    "delete it: autoscale starts with an empty window");
    }
    return out;
}

void AutoscaleStore::save(const AutoscaleHistory& history) const {
    Json services = Json::object();
    for (const auto& [key, h] : history)
        services[key] = {{"recommendations", to_json(h.recommendations)},
                         {"scale_ups", to_json(h.scale_ups)},
                         {"scale_downs", to_json(h.scale_downs)}};
    Json doc = {{"format_version", 1}, {"stack", stack_}, {"profile", profile_}, {"services", services}};
    ensure_state_dir(dir_);
    write_atomically(path_, doc.dump(2) + "\n");
}

}  // namespace infractl
