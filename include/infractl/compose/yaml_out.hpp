#pragma once
// A small ordered YAML value for the files infractl writes (compose files,
// imported topologies and profiles), emitted with yaml-cpp's YAML::Emitter.
// Building a value first and emitting it in one place keeps the quoting rule
// in one function: a string is quoted whenever a YAML 1.1 reader (PyYAML in
// docker-compose, libyaml in infractl) could take it for something else.
#include <string>
#include <utility>
#include <vector>

namespace infractl::compose {

struct YamlValue {
    enum class Kind { null, string, number, boolean, list, map };
    Kind kind = Kind::map;
    std::string text;  // string, number ("0.5", "3"), boolean ("true"/"false")
    std::vector<YamlValue> items;                           // list
    struct Entry;
    std::vector<Entry> entries;  // map, in insertion order
    bool flow = false;  // emit a list or map on one line: [a, b], {}

    static YamlValue null();
    static YamlValue str(std::string s);
    static YamlValue num(std::string s);
    static YamlValue boolean(bool b);
    static YamlValue list(std::vector<std::string> items, bool flow = false);
    static YamlValue empty_map();  // {}

    // Map helpers: add appends (keys are the caller's to keep unique).
    YamlValue& add(std::string key, YamlValue v);
    YamlValue& add(std::string key, std::string s);
    bool empty() const;
};

// A map entry; `first`/`second` as in the std::pair it replaces (clang
// cannot hold a pair of an incomplete type in a vector member).
struct YamlValue::Entry {
    std::string first;
    YamlValue second;
};

// Defined here, where YamlValue is complete (clang needs it for the vectors).
inline YamlValue& YamlValue::add(std::string key, std::string s) { return add(std::move(key), str(std::move(s))); }
inline bool YamlValue::empty() const { return items.empty() && entries.empty(); }

// True when a plain scalar `s` would not read back as the same string:
// empty, null/bool words of YAML 1.1 (yes, no, on, off, y, n, ~), anything
// numeric-looking (including 1.1's base-60 "80:80"), or text with a leading
// or trailing space.
bool needs_quotes(const std::string& s);

// The document as text, ending with a newline. `header` lines are emitted
// as "# ..." comments before it.
std::string emit_yaml(const YamlValue& doc, const std::vector<std::string>& header = {});

}  // namespace infractl::compose
