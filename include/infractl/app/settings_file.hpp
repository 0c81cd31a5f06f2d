#pragma once
// The env file beside the topology (docs/cli.md, "The env file"): settings
// that last between commands (INFRACTL_PROFILE, INFRACTL_IMAGES, ...) and
// variables for ${VAR} interpolation, like compose's `.env`. The process
// environment and the flags always win over it.
#include <map>
#include <optional>
#include <string>

namespace infractl {

// Its name, in the topology file's folder.
inline constexpr const char* kSettingsFileName = "infractl.env";

struct SettingsFile {
    std::string path;                         // "specs/infractl.env"
    std::map<std::string, std::string> vars;  // every KEY=VALUE line, as written (quotes removed)
};

// "<topology dir>/infractl.env".
std::string settings_file_beside(const std::string& topology_file);

// The env file at `path`, or nullopt when there is none. A line that is not
// KEY=VALUE (or a file that cannot be read) throws Error(invalid_input)
// "PATH:LINE:1: expected KEY=VALUE (hint: ...)"; so does INFRACTL_FILE in it.
std::optional<SettingsFile> read_settings_file(const std::string& path);

// A value the env file gives for a path setting (INFRACTL_IMAGES, ...):
// relative paths are relative to the env file's folder, so the file works
// from any working directory.
std::string settings_path(const SettingsFile& f, const std::string& value);

}  // namespace infractl
