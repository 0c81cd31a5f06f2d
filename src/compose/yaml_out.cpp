#include "infractl/compose/yaml_out.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <yaml-cpp/yaml.h>

namespace infractl::compose {

YamlValue YamlValue::null() {
    YamlValue v;
    v.kind = Kind::null;
    return v;
}

YamlValue YamlValue::str(std::string s) {
    YamlValue v;
    v.kind = Kind::string;
    v.text = std::move(s);
    return v;
}

YamlValue YamlValue::num(std::string s) {
    YamlValue v;
    v.kind = Kind::number;
    v.text = std::move(s);
    return v;
}

YamlValue YamlValue::boolean(bool b) {
    YamlValue v;
    v.kind = Kind::boolean;
    v.text = b ? "true" : "false";
    return v;
}

YamlValue YamlValue::list(std::vector<std::string> items, bool flow) {
    YamlValue v;
    v.kind = Kind::list;
    v.flow = flow;
    for (auto& s : items) v.items.push_back(str(std::move(s)));
    return v;
}

YamlValue YamlValue::empty_map() {
    YamlValue v;
    v.flow = true;
    return v;
}

YamlValue& YamlValue::add(std::string key, YamlValue v) {
    kind = Kind::map;
    entries.push_back(Entry{std::move(key), std::move(v)});
    return entries.back().second;
}

bool needs_quotes(const std::string& s) {
    if (s.empty() || std::isspace(static_cast<unsigned char>(s.front())) ||
        std::isspace(static_cast<unsigned char>(s.back())))
        return true;
    std::string lower = s;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    static const std::array<const char*, 13> words = {"y", "n", "yes", "no", "on", "off", "true", "false",
                                                       "null", "~", ".inf", "-.inf", ".nan"};
    if (std::find(words.begin(), words.end(), lower) != words.end()) return true;
    // Numbers of every YAML 1.1 form: 12, -1.5, 1e3, 0x1F, 0o17, 1_000, 80:80 (base 60).
    bool digit = std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
    bool numeric_chars = std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isxdigit(c) || c == '.' || c == '_' || c == ':' || c == '+' || c == '-' || c == 'x' || c == 'X' ||
               c == 'o' || c == 'O';
    });
    return digit && numeric_chars;
}

namespace {

void emit(YAML::Emitter& out, const YamlValue& v) {
    using K = YamlValue::Kind;
    switch (v.kind) {
        case K::string:
            if (needs_quotes(v.text)) out << YAML::DoubleQuoted;
            out << v.text;
            return;
        case K::null: out << YAML::Null; return;
        case K::number:
        case K::boolean: out << v.text; return;
        case K::list:
            if (v.flow) out << YAML::Flow;
            out << YAML::BeginSeq;
            for (const auto& item : v.items) emit(out, item);
            out << YAML::EndSeq;
            return;
        case K::map:
            if (v.flow) out << YAML::Flow;
            out << YAML::BeginMap;
            for (const auto& [key, value] : v.entries) {
                out << YAML::Key;
                if (needs_quotes(key)) out << YAML::DoubleQuoted;
                out << key << YAML::Value;
                emit(out, value);
            }
            out << YAML::EndMap;
            return;
    }
}

}  // namespace

std::string emit_yaml(const YamlValue& doc, const std::vector<std::string>& header) {
    std::string text;
    for (const auto& line : header) text += "# " + line + "\n";
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetSeqFormat(YAML::Block);
    emit(out, doc);
    text += out.c_str();
    if (text.empty() || text.back() != '\n') text += '\n';
    return text;
}

}  // namespace infractl::compose
