#include "infractl/app/settings_file.hpp"

#include <filesystem>
#include <variant>

#include <fmt/format.h>

#include "infractl/core/error.hpp"
#include "infractl/topology/env_file.hpp"

namespace infractl {

namespace fs = std::filesystem;

std::string settings_file_beside(const std::string& topology_file) {
    return (fs::path(topology_file).parent_path() / kSettingsFileName).lexically_normal().string();
}

std::optional<SettingsFile> read_settings_file(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return std::nullopt;
    auto read = read_env_file(path);
    if (const auto* problem = std::get_if<EnvFileProblem>(&read)) {
        if (problem->line == 0)
            throw Error(ErrorKind::invalid_input, fmt::format("{}: cannot read the env file: {}", path, problem->message),
                        "fix or remove it; it holds settings like INFRACTL_IMAGES=... (docs/cli.md)");
        throw Error(ErrorKind::invalid_input, fmt::format("{}:{}:1: {}", path, problem->line, problem->message),
                    "lines are KEY=VALUE, '# comments' and blank lines");
    }
    SettingsFile f{path, {}};
    for (auto& e : std::get<std::vector<EnvFileEntry>>(read)) {
        if (e.key == "INFRACTL_FILE")
            throw Error(ErrorKind::invalid_input,
                        fmt::format("{}:{}:1: INFRACTL_FILE cannot be set in the env file", path, e.line),
                        "the env file is found beside the topology file; choose that with -f or INFRACTL_FILE");
        f.vars[e.key] = e.value;  // a later line wins, as in a shell
    }
    return f;
}

std::string settings_path(const SettingsFile& f, const std::string& value) {
    if (value.empty() || fs::path(value).is_absolute()) return value;
    return (fs::path(f.path).parent_path() / value).lexically_normal().string();
}

}  // namespace infractl
