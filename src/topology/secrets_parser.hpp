#pragma once
// The top-level `secrets:` section and a service's `secrets:` list
// (docs/topology.md, "Secrets as files"). A secret's content is read here, at
// load time, like an env_file: a missing file or an unset variable is a
// located error at the line that names it.
#include "infractl/topology/topology.hpp"
#include "reader.hpp"

namespace infractl::yaml {

// Bigger secrets are refused: Swarm's limit, so a topology runs on both backends.
inline constexpr std::size_t kMaxSecretBytes = 500u * 1024;

void read_secrets(Reader& r, const Node& map, Topology& t);
void read_service_secrets(Reader& r, const Node& list, Service& s);

}  // namespace infractl::yaml
