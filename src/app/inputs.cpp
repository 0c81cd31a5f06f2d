// Which files a command reads (docs/cli.md, "Which files are used") and the
// load -> validate -> resolve sequence every command starts with.
#include "infractl/app/inputs.hpp"

#include <cstdlib>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "infractl/app/settings_file.hpp"
#include "infractl/build/build_context.hpp"
#include "infractl/core/error.hpp"
#include "infractl/topology/validate.hpp"

namespace infractl {

namespace fs = std::filesystem;

namespace {

std::string env_value(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

// Anything that exists and is not a folder: a pipe (`-f <(...)`) or a device
// is read like a file, and the loader stops after kMaxFileBytes.
bool is_file(const std::string& path) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    return !ec && fs::exists(st) && !fs::is_directory(st);
}

// Why is_file(path) said no: "topology file 'x' is a directory, not a file".
std::string not_a_file(const char* what, const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return fmt::format("{} '{}' is a directory, not a file", what, path);
    return fmt::format("{} '{}' does not exist", what, path);
}

std::string normal(const fs::path& p) { return p.lexically_normal().string(); }

bool looks_like_path(const std::string& value) {
    return value.find('/') != std::string::npos ||
           (value.size() > 5 && value.compare(value.size() - 5, 5, ".yaml") == 0) ||
           (value.size() > 4 && value.compare(value.size() - 4, 4, ".yml") == 0);
}

// Profile names found in the folders we looked in, for "did you mean".
std::vector<std::string> profile_names(const std::vector<fs::path>& dirs) {
    std::set<std::string> names;
    for (const auto& d : dirs) {
        std::error_code ec;
        for (fs::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".yaml") names.insert(it->path().stem().string());
    }
    return {names.begin(), names.end()};
}

}  // namespace

// The topology file the lookup rule would pick, or "" (never throws: the
// command reports a missing topology itself, and some need none).
static std::string topology_candidate(const GlobalOptions& g) {
    if (!g.file.empty()) return is_file(g.file) ? g.file : "";
    for (const char* candidate : {"infractl.yaml", "specs/monorepo.yaml"})
        if (is_file(candidate)) return candidate;
    return "";
}

void read_environment(GlobalOptions& g) {
    struct Setting {
        std::string* field;
        const char* name;
        bool path;  // relative values in the env file are relative to its folder
    };
    const Setting settings[] = {
        {&g.file, "INFRACTL_FILE", true},          {&g.profile, "INFRACTL_PROFILE", false},
        {&g.images_file, "INFRACTL_IMAGES", true}, {&g.state_dir, "INFRACTL_STATE_DIR", true},
        {&g.host, "DOCKER_HOST", false},           {&g.backend, "INFRACTL_BACKEND", false},
    };
    for (const auto& s : settings)
        if (s.field->empty()) *s.field = env_value(s.name);

    // INFRACTL_ENV_FILE names another file (/dev/null: none, as the e2e tests run).
    std::string path = env_value("INFRACTL_ENV_FILE");
    if (!path.empty() && !is_file(path))
        throw Error(ErrorKind::invalid_input, not_a_file("env file", path), "check INFRACTL_ENV_FILE");
    if (path.empty()) {
        std::string topology = topology_candidate(g);
        if (topology.empty()) return;
        path = settings_file_beside(topology);
    }
    std::optional<SettingsFile> file = read_settings_file(path);
    if (!file) return;
    g.env_file = file->path;
    g.env_file_vars = file->vars;
    for (const auto& s : settings) {
        auto it = file->vars.find(s.name);
        if (!s.field->empty() || it == file->vars.end() || it->second.empty()) continue;
        bool is_path = s.path || (s.field == &g.profile && looks_like_path(it->second));
        *s.field = is_path ? settings_path(*file, it->second) : it->second;
    }
}

EnvLookup interpolation_env(const GlobalOptions& g) {
    EnvLookup process = process_env();
    return [process, vars = g.env_file_vars](const std::string& name) -> std::optional<std::string> {
        if (auto v = process(name)) return v;
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

std::string find_topology_file(const GlobalOptions& g) {
    const std::string& given = g.file;
    if (!given.empty()) {
        if (!is_file(given))
            throw Error(ErrorKind::invalid_input, not_a_file("topology file", given),
                        "check the path given with -f or INFRACTL_FILE");
        return given;
    }
    for (const char* candidate : {"infractl.yaml", "specs/monorepo.yaml"})
        if (is_file(candidate)) return candidate;
    throw Error(ErrorKind::invalid_input, "no topology file: neither ./infractl.yaml nor ./specs/monorepo.yaml exists",
                "pass -f FILE or set INFRACTL_FILE");
}

std::string find_profile_file(const GlobalOptions& g, const std::string& topology_file) {
    const std::string profile = g.profile.empty() ? kDefaultProfile : g.profile;
    if (looks_like_path(profile)) {
        if (!is_file(profile))
            throw Error(ErrorKind::invalid_input, not_a_file("profile file", profile),
                        "check the path given with --profile or INFRACTL_PROFILE");
        return profile;
    }
    fs::path dir = fs::path(topology_file).parent_path();
    if (dir.empty()) dir = ".";
    std::vector<fs::path> dirs = {dir / "profiles", dir / ".." / "profiles"};
    for (const auto& d : dirs) {
        std::string candidate = normal(d / (profile + ".yaml"));
        if (is_file(candidate)) return candidate;
    }
    if (g.profile.empty()) return "";  // no profiles/ beside the topology: use it as written
    std::string hint = fmt::format("looked for {} and {}", normal(dirs[0] / (profile + ".yaml")),
                                   normal(dirs[1] / (profile + ".yaml")));
    std::string suggestion = did_you_mean(profile, profile_names(dirs));
    if (!suggestion.empty()) hint = suggestion + "; " + hint;
    throw Error(ErrorKind::invalid_input, fmt::format("profile '{}' not found", profile), hint);
}

Inputs read_inputs(const GlobalOptions& g) {
    Inputs in;
    in.topology_file = find_topology_file(g);
    in.profile_file = find_profile_file(g, in.topology_file);
    in.images_file = g.images_file;
    if (!in.images_file.empty() && !is_file(in.images_file))
        throw Error(ErrorKind::invalid_input, not_a_file("images file", in.images_file),
                    "check the path given with --images or INFRACTL_IMAGES");

    const EnvLookup env = interpolation_env(g);
    in.topology = load_topology_file(in.topology_file, env, in.diags);
    if (!in.profile_file.empty()) in.profile = load_profile_file(in.profile_file, env, in.diags);
    if (!in.images_file.empty()) load_images_file(in.images_file, in.profile.images, in.diags);
    // A half-loaded model would only produce follow-on noise.
    if (in.diags.has_errors()) return in;
    validate_topology(in.topology, in.diags);
    if (!in.diags.has_errors()) hash_build_contexts(in.topology, in.diags);
    if (!in.profile_file.empty()) validate_profile(in.topology, in.profile, in.diags);
    return in;
}

void resolve_inputs(Inputs& in, const Overrides& overrides) {
    if (in.diags.has_errors()) return;
    in.overrides = overrides;
    in.desired = resolve(in.topology, in.profile, in.overrides, in.diags);
}

Inputs load_inputs(const GlobalOptions& g, const Overrides& overrides) {
    Inputs in = read_inputs(g);
    resolve_inputs(in, overrides);
    return in;
}

}  // namespace infractl
