#include "infractl/attach/log_lines.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>

namespace infractl {

namespace {

bool digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "YYYY-MM-DDTHH:MM:SS" at the start of `t`.
bool has_date_time(std::string_view t) {
    return t.size() >= 20 && digits(t.substr(0, 4)) && t[4] == '-' && digits(t.substr(5, 2)) && t[7] == '-' &&
           digits(t.substr(8, 2)) && t[10] == 'T' && digits(t.substr(11, 2)) && t[13] == ':' &&
           digits(t.substr(14, 2)) && t[16] == ':' && digits(t.substr(17, 2));
}

int num(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

}  // namespace

std::pair<std::string, std::string> split_timestamp(std::string_view line) {
    auto sp = line.find(' ');
    std::string_view head = line.substr(0, sp);
    if (!has_date_time(head)) return {"", std::string(line)};
    std::string_view rest = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
    return {std::string(head), std::string(rest)};
}

std::string sortable_time(std::string_view time) {
    if (!has_date_time(time)) return std::string(time);
    std::string out(time.substr(0, 19));
    std::string_view rest = time.substr(19);
    std::string frac;
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) {
            frac.push_back(rest.front());
            rest.remove_prefix(1);
        }
    }
    frac.resize(9, '0');
    return out + "." + frac + std::string(rest);
}

void merge_by_time(std::vector<LogLine>& lines) {
    std::vector<std::pair<std::string, std::size_t>> keys;
    keys.reserve(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) keys.emplace_back(sortable_time(lines[i].time), i);
    std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<LogLine> out;
    out.reserve(lines.size());
    for (const auto& k : keys) out.push_back(std::move(lines[k.second]));
    lines = std::move(out);
}

std::optional<std::string> since_after(std::string_view time) {
    std::string t = sortable_time(time);
    // "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ": UTC only (the engine writes Z).
    if (t.size() != 30 || t[29] != 'Z' || !has_date_time(t)) return std::nullopt;
    std::tm tm{};
    tm.tm_year = num(std::string_view(t).substr(0, 4)) - 1900;
    tm.tm_mon = num(std::string_view(t).substr(5, 2)) - 1;
    tm.tm_mday = num(std::string_view(t).substr(8, 2));
    tm.tm_hour = num(std::string_view(t).substr(11, 2));
    tm.tm_min = num(std::string_view(t).substr(14, 2));
    tm.tm_sec = num(std::string_view(t).substr(17, 2));
    long long secs = static_cast<long long>(timegm(&tm));
    long long nanos = num(std::string_view(t).substr(20, 9)) + 1;
    if (nanos == 1'000'000'000) {
        ++secs;
        nanos = 0;
    }
    return fmt::format("{}.{:09}", secs, nanos);
}

const char* service_colour(const ServiceKey& key) {
    static const char* const palette[] = {"36", "33", "32", "35", "34", "96"};
    std::uint32_t h = 2166136261u;  // FNV-1a: the same colour for a service in every run
    for (unsigned char c : key.str()) h = (h ^ c) * 16777619u;
    return palette[h % std::size(palette)];
}

std::size_t label_width(const std::vector<Target>& targets, std::size_t at_least) {
    std::size_t w = at_least;
    for (const auto& t : targets) w = std::max(w, t.label().size());
    return w;
}

std::string render_log_line(const LogLine& line, const LogFormat& f) {
    if (f.json) {
        nlohmann::json j = {{"project", line.target.key.project}, {"service", line.target.key.service},
                            {"replica", line.target.replica},     {"container", line.target.container},
                            {"stream", to_string(line.stream)},   {"time", line.time},
                            {"line", line.text}};
        // Log text need not be UTF-8; replace what is not rather than fail.
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    std::string label = line.target.label();
    std::string pad(f.width > label.size() ? f.width - label.size() : 0, ' ');
    std::string prefix = f.color ? fmt::format("\x1b[{}m{}{} |\x1b[0m ", service_colour(line.target.key), label, pad)
                                 : fmt::format("{}{} | ", label, pad);
    std::string stamp = f.timestamps && !line.time.empty() ? line.time + " " : std::string();
    return prefix + stamp + line.text + "\n";
}

}  // namespace infractl
