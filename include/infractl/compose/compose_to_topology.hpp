#pragma once
// compose::File -> the text of a topology and its profiles (what
// `infractl import compose` writes). Pure: paths are computed, not touched.
//
// Where compose and infractl differ, the result keeps compose's behaviour:
// - without a project, services become globals, whose names are compose's:
//   peers reach `db` as `db`, networks are {stack}_{key} and volumes
//   {stack}_{key} (compose's {project}_{key}); with a project they become
//   that project's services (containers {project}-{service}[-N], reached as
//   {project}-{service});
// - a service without `networks:` joins the network `default`, as in compose;
// - a service without `restart:` gets restart "no" (compose's default);
// - a service with compose `profiles:` is `enabled: false` in the topology
//   and enabled by profiles/<name>.yaml for each of its compose profiles.
#include <map>
#include <optional>
#include <string>

#include "infractl/compose/compose_model.hpp"
#include "infractl/core/diagnostics.hpp"

namespace infractl::compose {

struct ImportOptions {
    std::string stack;    // "" = compose's project name: `name:`, else the first file's folder
    std::string project;  // "" = services become globals
    std::string out_dir;  // absolute; relative paths in the topology start here
};

struct ImportResult {
    std::string stack;
    std::string topology;                         // infractl.yaml
    std::map<std::string, std::string> profiles;  // profile name -> profiles/<name>.yaml text
};

// Reports what cannot be converted (invalid names, unknown dependencies and
// networks, a service without image or build, more than one replica of a
// global) as located errors into diags; the result must not be written then.
ImportResult compose_to_topology(const File& file, const ImportOptions& opts, Diagnostics& diags);

// compose's project name for a folder name: lower case, only [a-z0-9_-] kept.
std::string compose_project_name(const std::string& folder);

}  // namespace infractl::compose
