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
    std::string profile = "dev";  // --profile, env INFRACTL_PROFILE; name or path
    std::string output = "text";  // -o: text | json
    int verbosity = 0;    // -v count
    bool color = true;    // off under --no-color or NO_COLOR, or when stdout is no TTY
    std::string host;     // -H/--host, env DOCKER_HOST; "" = unix:///var/run/docker.sock
    std::string state_dir;  // env INFRACTL_STATE_DIR; "" = default (overrides and locks)
    bool show_secrets = false;
    // --images, env INFRACTL_IMAGES; "" = none. A YAML file whose `images:`
    // map is merged into the profile's (the file wins on equal keys).
    std::string images_file;
};

// "specs/monorepo.yaml" style resolution of -f; throws Error(invalid_input)
// with a hint when nothing is found.
std::string find_topology_file(const GlobalOptions& g);
// "dev" -> "<topology dir>/profiles/dev.yaml" or "<topology dir>/../profiles/dev.yaml";
// a value containing '/' or ending in .yaml is a path.
std::string find_profile_file(const GlobalOptions& g, const std::string& topology_file);

struct Inputs {
    std::string topology_file;
    std::string profile_file;
    std::string images_file;  // "" when none was given
    Topology topology;
    Profile profile;
    Overrides overrides;
    DesiredState desired;  // valid only when !diags.has_errors()
    Diagnostics diags;
};

// Loads, validates and resolves. Never throws for problems in the user's
// files: they land in diags. Throws Error only when a file cannot be found.
Inputs load_inputs(const GlobalOptions& g, const Overrides& overrides);

}  // namespace infractl
