#pragma once
// Finding and loading what every command starts from: the topology file, the
// profile and the remembered overrides, resolved into a DesiredState.
// Lookup rules are documented in docs/cli.md ("Which files are used").
#include <map>
#include <optional>
#include <string>

#include "infractl/core/diagnostics.hpp"
#include "infractl/resolve/desired_state.hpp"
#include "infractl/resolve/resolve.hpp"
#include "infractl/topology/loader.hpp"
#include "infractl/topology/profile.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

struct GlobalOptions {
    std::string file;     // -f/--file, env INFRACTL_FILE; "" = lookup rule
    // --profile, env INFRACTL_PROFILE; name or path. "" = the default profile
    // "dev" when its file exists, else the topology as written.
    std::string profile;
    std::string output = "text";  // -o: text | json
    int verbosity = 0;    // -v count
    bool color = true;    // off under --no-color or NO_COLOR, or when stdout is no TTY
    std::string host;     // -H/--host, env DOCKER_HOST; "" = unix:///var/run/docker.sock
    std::string state_dir;  // env INFRACTL_STATE_DIR; "" = default (overrides and locks)
    // --backend, env INFRACTL_BACKEND: docker | swarm; "" = the profile's `backend:`, else docker.
    std::string backend;
    bool show_secrets = false;
    // --images, env INFRACTL_IMAGES; "" = none. A YAML file whose `images:`
    // map is merged into the profile's (the file wins on equal keys).
    std::string images_file;
    // The env file read beside the topology (app/settings_file.hpp); "" = none.
    // Its variables are seen by ${VAR} interpolation after the process environment's.
    std::string env_file;
    std::map<std::string, std::string> env_file_vars;
};

// The profile used when none is given.
inline constexpr const char* kDefaultProfile = "dev";

// Fills the options the flags left unset, from the process environment
// (INFRACTL_FILE, INFRACTL_PROFILE, INFRACTL_IMAGES, INFRACTL_STATE_DIR,
// INFRACTL_BACKEND, DOCKER_HOST), then from the env file beside the topology
// or at $INFRACTL_ENV_FILE (every one of them but INFRACTL_FILE), and keeps the env file's variables
// for interpolation: the one place that reads them. Call it after parsing the
// flags: precedence is flag > process environment > env file > default.
// Throws Error(invalid_input) for an env file that cannot be parsed.
void read_environment(GlobalOptions& g);

// What ${VAR} sees: the process environment, then the env file's variables.
EnvLookup interpolation_env(const GlobalOptions& g);

// "specs/monorepo.yaml" style resolution of -f; throws Error(invalid_input)
// with a hint when nothing is found.
std::string find_topology_file(const GlobalOptions& g);
// "dev" -> "<topology dir>/profiles/dev.yaml" or "<topology dir>/../profiles/dev.yaml";
// a value containing '/' or ending in .yaml is a path. With no profile given
// and no file for the default one, returns "": the topology is used as
// written. A profile that is named and not found throws Error(invalid_input).
std::string find_profile_file(const GlobalOptions& g, const std::string& topology_file);

struct Inputs {
    std::string topology_file;
    std::string profile_file;  // "" = no profile: the topology as written
    std::string images_file;  // "" when none was given
    Topology topology;
    Profile profile;
    Overrides overrides;
    DesiredState desired;  // valid only when !diags.has_errors()
    Diagnostics diags;
};

// Finds, reads and validates the files (no resolve). Never throws for
// problems in the user's files: they land in diags. Throws Error only when a
// file cannot be found.
Inputs read_inputs(const GlobalOptions& g);
// Resolves read inputs once, with `overrides`; does nothing when they have errors.
void resolve_inputs(Inputs& in, const Overrides& overrides);
// read_inputs + resolve_inputs.
Inputs load_inputs(const GlobalOptions& g, const Overrides& overrides);

}  // namespace infractl
