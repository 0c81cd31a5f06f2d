#pragma once
// Typed, located access to a yaml::Node tree for the topology and profile
// loaders. Every accessor reports a located diagnostic and returns nullopt (or
// false) on a wrong type or bad value, so a loader reads on and shows every
// problem at once. Scalars are interpolated (${VAR}) when read as values;
// keys are taken as written.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infractl/core/diagnostics.hpp"
#include "infractl/core/units.hpp"
#include "infractl/topology/loader.hpp"
#include "yaml_document.hpp"

namespace infractl::yaml {

class Reader {
public:
    Reader(std::string file, const EnvLookup& env, Diagnostics& diags);

    const std::string& file() const { return file_; }
    // Directory of the file, absolute: relative paths in the file (env_file,
    // bind mounts) are resolved against it.
    const std::string& base_dir() const { return base_dir_; }
    Diagnostics& diags() { return diags_; }
    const EnvLookup& env() const { return env_; }
    Location loc(const Node& n) const { return Location{file_, n.line, n.column}; }

    void error(const Node& at, std::string message, std::string hint = {});
    void type_error(const Node& at, std::string_view expected, std::string_view what);

    // A mapping, or null (an empty mapping, as `networks:` with nothing after it).
    bool mapping(const Node& n, std::string_view what);
    bool sequence(const Node& n, std::string_view what);

    std::optional<std::string> text(const Node& n, std::string_view what);
    std::optional<std::int64_t> integer(const Node& n, std::string_view what);
    // An integer no smaller than `min`: "replicas must be 0 or more, got -1".
    std::optional<int> count(const Node& n, std::string_view what, int min);
    std::optional<bool> boolean(const Node& n, std::string_view what);
    // One string, or a list of strings.
    std::optional<std::vector<std::string>> strings(const Node& n, std::string_view what);
    std::optional<Duration> duration(const Node& n, std::string_view what);
    // `value` must be one of `choices` ("restart", {"no", "always", ...}).
    std::optional<std::string> choice(const Node& n, std::string_view what, const std::vector<std::string>& choices);
    // A key that must follow the name rule; reports "invalid <kind> name '...'".
    bool check_name(const Node& key, std::string_view kind);

    // Reads a mapping with a table of known keys. Unknown keys are reported
    // with "did you mean"; keys starting with "x-" are extension fields and
    // ignored, as in compose.
    struct Field {
        std::string_view key;
        std::function<void(const Node& key, const Node& value)> read;
    };
    void fields(const Node& map, std::string_view where, const std::vector<Field>& table);

private:
    std::string file_;
    std::string base_dir_;
    const EnvLookup& env_;
    Diagnostics& diags_;
};

// The name rule for stack, project, service, network and volume keys.
// Returns an empty string when `name` is valid, else what is wrong with it.
std::string name_problem(std::string_view name);

}  // namespace infractl::yaml
