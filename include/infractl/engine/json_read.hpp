#pragma once
// Forgiving readers for engine JSON: a missing field, a null or a field of the
// wrong type reads as the default. nlohmann's value() throws on a wrong type,
// and an engine (or a Podman version) that sends a string where we expect a
// number must not crash infractl.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace infractl::jsonr {

using nlohmann::json;

inline const json* field(const json& j, const char* key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

inline const json& object(const json& j, const char* key) {
    static const json empty = json::object();
    const json* f = field(j, key);
    return f != nullptr && f->is_object() ? *f : empty;
}

inline std::string str(const json& j, const char* key) {
    const json* f = field(j, key);
    return f != nullptr && f->is_string() ? f->get<std::string>() : std::string();
}

inline std::int64_t i64(const json& j, const char* key) {
    const json* f = field(j, key);
    if (f == nullptr || !f->is_number()) return 0;
    if (f->is_number_float()) return static_cast<std::int64_t>(f->get<double>());
    if (f->is_number_unsigned()) return static_cast<std::int64_t>(f->get<std::uint64_t>());
    return f->get<std::int64_t>();
}

inline bool boolean(const json& j, const char* key) {
    const json* f = field(j, key);
    return f != nullptr && f->is_boolean() && f->get<bool>();
}

// Strings of an array field; non-string elements are skipped. Absent -> empty.
inline std::vector<std::string> strings(const json& j, const char* key) {
    std::vector<std::string> out;
    const json* f = field(j, key);
    if (f == nullptr || !f->is_array()) return out;
    for (const auto& e : *f) {
        if (e.is_string()) out.push_back(e.get<std::string>());
    }
    return out;
}

inline bool is_array(const json& j, const char* key) {
    const json* f = field(j, key);
    return f != nullptr && f->is_array();
}

inline std::map<std::string, std::string> string_map(const json& j, const char* key) {
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : object(j, key).items()) {
        if (v.is_string()) out[k] = v.get<std::string>();
    }
    return out;
}

}  // namespace infractl::jsonr
