#include "compose_reader.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "../topology/service_parser.hpp"

namespace infractl::compose {

void Reader::error(const Node& at, std::string message, std::string hint) {
    diags_.error(loc(at), std::move(message), std::move(hint));
}

void Reader::type_error(const Node& at, std::string_view expected, std::string_view what) {
    error(at, fmt::format("expected {} for '{}', got {}", expected, what, yaml::kind_name(at)));
}

void Reader::unsupported(const Node& at, std::string_view key, std::string hint) {
    unsupported_value(at, fmt::format("compose key '{}' is not supported", key), std::move(hint));
}

void Reader::unsupported_value(const Node& at, std::string message, std::string hint) {
    if (mode_ == Unsupported::error) diags_.error(loc(at), std::move(message), std::move(hint));
    else diags_.warning(loc(at), std::move(message), std::move(hint));
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

std::optional<Text> Reader::text(const Node& n, std::string_view what) {
    if (n.is_scalar()) return Text{n.value, loc(n)};
    type_error(n, "a string", what);
    return std::nullopt;
}

std::optional<std::vector<Text>> Reader::strings(const Node& n, std::string_view what) {
    if (n.is_scalar()) return std::vector<Text>{Text{n.value, loc(n)}};
    if (!n.is_sequence()) {
        type_error(n, "a string or a list of strings", what);
        return std::nullopt;
    }
    std::vector<Text> out;
    for (const auto& item : n.items) {
        auto t = text(*item, what);
        if (!t) return std::nullopt;
        out.push_back(std::move(*t));
    }
    return out;
}

std::optional<Command> Reader::command(const Node& n, std::string_view what) {
    Command c;
    c.loc = loc(n);
    if (n.is_scalar()) {
        if (!yaml::split_command(n.value))
            error(n, fmt::format("unterminated quote in '{}'", what), "close the quote, or write it as a list");
        c.words = {n.value};
        return c;
    }
    auto list = strings(n, what);
    if (!list) return std::nullopt;
    c.is_list = true;
    for (auto& t : *list) c.words.push_back(std::move(t.value));
    return c;
}

void Reader::fields(const Node& map, std::string_view prefix, const std::vector<Field>& table,
                    std::string_view hint_prefix) {
    if (hint_prefix.empty()) hint_prefix = prefix;
    for (const auto& [k, v] : map.entries) {
        if (!k->is_scalar()) {
            error(*k, fmt::format("expected a string key, got {}", yaml::kind_name(*k)));
            continue;
        }
        const std::string& key = k->value;
        auto it = std::find_if(table.begin(), table.end(), [&key](const Field& f) { return f.key == key; });
        if (it != table.end()) it->read(*k, *v);
        else if (key.rfind("x-", 0) != 0) {
            unsupported(*k, std::string(prefix) + key, unsupported_hint(std::string(hint_prefix) + key));
        }
    }
}

std::string resolve_path(const Reader& r, const std::string& path) {
    if (path.find('$') != std::string::npos || path.rfind('~', 0) == 0) return path;
    std::filesystem::path p(path);
    if (p.is_relative()) p = std::filesystem::path(r.dir()) / p;
    std::string out = p.lexically_normal().string();
    if (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

}  // namespace infractl::compose
