#include "infractl/state/counter_store.hpp"

#include <nlohmann/json.hpp>

#include "infractl/state/atomic_file.hpp"
#include "infractl/state/state_dir.hpp"

namespace infractl {

CounterStore::CounterStore(std::string state_dir, std::string stack, std::string profile)
    : dir_(std::move(state_dir)),
      stack_(std::move(stack)),
      profile_(std::move(profile)),
      path_(stack_state_path(dir_, stack_, profile_, "counters.json")) {}

CounterSamples CounterStore::load() const {
    std::optional<std::string> text = read_whole_file(path_);
    if (!text) return {};
    CounterSamples out;
    try {
        auto doc = nlohmann::json::parse(*text);
        if (doc.value("format_version", 0) != 1) return {};
        for (const auto& [key, v] : doc.at("counters").items())
            out[key] = CounterSample{v.at(0).get<std::int64_t>(), v.at(1).get<std::int64_t>()};
    } catch (const nlohmann::json::exception&) {
        return {};
    }
    return out;
}

void CounterStore::save(const CounterSamples& samples) const {
    nlohmann::ordered_json counters = nlohmann::ordered_json::object();
    for (const auto& [key, s] : samples) counters[key] = nlohmann::ordered_json::array({s.at_ms, s.value});
    nlohmann::ordered_json doc = {
        {"format_version", 1}, {"stack", stack_}, {"profile", profile_}, {"counters", counters}};
    ensure_state_dir(dir_);
    write_atomically(path_, doc.dump(2) + "\n");
}

}  // namespace infractl
