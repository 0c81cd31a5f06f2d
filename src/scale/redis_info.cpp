#include "infractl/scale/redis_info.hpp"

#include <charconv>

namespace infractl {

std::optional<std::int64_t> redis_info_value(std::string_view info, std::string_view field) {
    for (std::size_t pos = 0; pos < info.size();) {
        std::size_t end = info.find('\n', pos);
        std::string_view line = info.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? info.size() : end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.size() <= field.size() || line.substr(0, field.size()) != field || line[field.size()] != ':')
            continue;
        std::string_view text = line.substr(field.size() + 1);
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
        return v;
    }
    return std::nullopt;
}

std::optional<double> counter_rate(const std::optional<CounterSample>& before, const CounterSample& now) {
    if (!before || now.at_ms <= before->at_ms || now.value < before->value) return std::nullopt;
    return static_cast<double>(now.value - before->value) * 1000.0 / static_cast<double>(now.at_ms - before->at_ms);
}

}  // namespace infractl
