#include "reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>

#include <fmt/format.h>

#include "infractl/topology/interpolate.hpp"
#include "suggest.hpp"

namespace infractl::yaml {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string absolute_dir(const std::string& file) {
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(std::filesystem::path(file), ec);
    if (ec) p = std::filesystem::path(file);
    return p.lexically_normal().parent_path().string();
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

}  // namespace

std::string name_problem(std::string_view name) {
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (name.size() > 63) return "at most 63 characters";
    bool ok = !name.empty() && alnum(name.front()) && alnum(name.back()) &&
              std::all_of(name.begin(), name.end(), [&](char c) { return alnum(c) || c == '-' || c == '_'; });
    if (ok) return {};
    return "use lowercase letters, digits, '-' and '_', starting and ending with a letter or digit";
}

Reader::Reader(std::string file, const EnvLookup& env, Diagnostics& diags)
    : file_(std::move(file)), base_dir_(absolute_dir(file_)), env_(env), diags_(diags) {}

void Reader::error(const Node& at, std::string message, std::string hint) {
    diags_.error(loc(at), std::move(message), std::move(hint));
}

void Reader::type_error(const Node& at, std::string_view expected, std::string_view what) {
    error(at, fmt::format("expected {} for '{}', got {}", expected, what, kind_name(at)));
}

bool Reader::mapping(const Node& n, std::string_view what) {
    if (n.is_mapping() || n.is_null()) return true;
    type_error(n, "a mapping", what);
    return false;
}

bool Reader::sequence(const Node& n, std::string_view what) {
    if (n.is_sequence() || n.is_null()) return true;
    type_error(n, "a list", what);
    return false;
}

std::optional<std::string> Reader::text(const Node& n, std::string_view what) {
    if (!n.is_scalar()) {
        type_error(n, "a string", what);
        return std::nullopt;
    }
    auto result = interpolate(n.value, env_);
    if (auto* err = std::get_if<InterpolationError>(&result)) {
        error(n, err->message, err->hint);
        return std::nullopt;
    }
    return std::get<std::string>(std::move(result));
}

std::optional<std::int64_t> Reader::integer(const Node& n, std::string_view what) {
    if (!n.is_scalar()) {
        type_error(n, "an integer", what);
        return std::nullopt;
    }
    auto t = text(n, what);
    if (!t) return std::nullopt;
    std::string_view s = *t;
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || v > 1'000'000'000 || v < -1'000'000'000) {
        error(n, fmt::format("expected an integer for '{}', got '{}'", what, *t));
        return std::nullopt;
    }
    return v;
}

std::optional<int> Reader::count(const Node& n, std::string_view what, int min) {
    auto v = integer(n, what);
    if (!v) return std::nullopt;
    if (*v < min) {
        error(n, fmt::format("{} must be {} or more, got {}", what, min, *v));
        return std::nullopt;
    }
    return static_cast<int>(*v);
}

std::optional<bool> Reader::boolean(const Node& n, std::string_view what) {
    if (!n.is_scalar()) {
        type_error(n, "true or false", what);
        return std::nullopt;
    }
    auto t = text(n, what);
    if (!t) return std::nullopt;
    std::string v = lower(*t);
    if (v == "true" || v == "yes" || v == "on") return true;
    if (v == "false" || v == "no" || v == "off") return false;
    error(n, fmt::format("expected true or false for '{}', got '{}'", what, *t));
    return std::nullopt;
}

std::optional<std::vector<std::string>> Reader::strings(const Node& n, std::string_view what) {
    if (n.is_scalar()) {
        auto t = text(n, what);
        if (!t) return std::nullopt;
        return std::vector<std::string>{*t};
    }
    if (!n.is_sequence()) {
        type_error(n, "a string or a list of strings", what);
        return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (const auto& item : n.items) {
        auto t = text(*item, what);
        if (t) out.push_back(std::move(*t));
        else ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
}

std::optional<Duration> Reader::duration(const Node& n, std::string_view what) {
    auto t = text(n, what);
    if (!t) return std::nullopt;
    auto d = parse_duration(*t);
    if (!d)
        error(n, fmt::format("invalid duration '{}' for '{}'", *t, what),
              "use a number with ms, s, m or h, e.g. 30s or 1m30s");
    return d;
}

std::optional<std::string> Reader::choice(const Node& n, std::string_view what, const std::vector<std::string>& choices) {
    auto t = text(n, what);
    if (!t) return std::nullopt;
    if (std::find(choices.begin(), choices.end(), *t) != choices.end()) return t;
    std::string hint = suggest(*t, choices);
    if (hint.empty()) hint = "use one of: " + join(choices);
    error(n, fmt::format("invalid value '{}' for '{}'", *t, what), hint);
    return std::nullopt;
}

bool Reader::check_name(const Node& key, std::string_view kind) {
    if (!key.is_scalar()) {
        error(key, fmt::format("expected a {} name, got {}", kind, kind_name(key)));
        return false;
    }
    std::string problem = name_problem(key.value);
    if (problem.empty()) return true;
    error(key, fmt::format("invalid {} name '{}': {}", kind, key.value, problem));
    return false;
}

void Reader::fields(const Node& map, std::string_view where, const std::vector<Field>& table) {
    for (const auto& [k, v] : map.entries) {
        if (!k->is_scalar()) {
            error(*k, fmt::format("expected a string key {}, got {}", where, kind_name(*k)));
            continue;
        }
        const std::string& key = k->value;  // clang 14 cannot capture a structured binding
        auto it = std::find_if(table.begin(), table.end(), [&key](const Field& f) { return f.key == key; });
        if (it != table.end()) {
            it->read(*k, *v);
            continue;
        }
        if (k->value.rfind("x-", 0) == 0) continue;
        std::vector<std::string> names;
        for (const auto& f : table) names.emplace_back(f.key);
        std::string hint = suggest(k->value, names);
        if (hint.empty() && names.size() <= 10) hint = "valid keys: " + join(names);
        error(*k, fmt::format("unknown key '{}' {}", k->value, where), hint);
    }
}

}  // namespace infractl::yaml
