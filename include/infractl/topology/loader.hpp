#pragma once
// YAML -> Topology / Profile. Loading reports every problem it can find into
// Diagnostics (syntax, duplicate keys, unknown keys with "did you mean",
// wrong types, bad units, bad names, interpolation) and keeps going; semantic
// checks across services live in validate.hpp.
//
// Bounded in time and memory whatever the input: files above kMaxFileBytes are
// refused, and a walk that would visit more than kMaxNodes nodes (alias bombs)
// or nest deeper than kMaxDepth stops with a located error.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "infractl/core/diagnostics.hpp"
#include "infractl/topology/profile.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

inline constexpr std::size_t kMaxFileBytes = 8u << 20;
inline constexpr std::size_t kMaxNodes = 1'000'000;
inline constexpr int kMaxDepth = 64;

// Looks up ${VAR}; returns nullopt when unset. Tests pass a map; the CLI passes
// the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

// Reads and parses a topology file. `path` is used in every Location.
// Returns a Topology even with errors (as much as could be read); callers must
// check diags.has_errors() before using it.
Topology load_topology_file(const std::string& path, const EnvLookup& env, Diagnostics& diags);
// Same, from text already in memory (tests, fuzzing).
Topology load_topology_text(const std::string& text, const std::string& path, const EnvLookup& env,
                            Diagnostics& diags);

// Reads an images file (`images:` map, optional `version: 1`: the
// machine-local map from the image a topology names to the image to run, see
// docs/images.md) into `into`, replacing equal keys; problems land in diags at
// their file:line:col.
void load_images_file(const std::string& path, std::map<std::string, std::string>& into, Diagnostics& diags);

Profile load_profile_file(const std::string& path, const EnvLookup& env, Diagnostics& diags);
Profile load_profile_text(const std::string& text, const std::string& path, const EnvLookup& env,
                          Diagnostics& diags);

}  // namespace infractl
