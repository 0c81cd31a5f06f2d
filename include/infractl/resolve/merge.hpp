#pragma once
// Profile over topology (docs/topology.md, "Merge rules"). Later wins:
//   topology service < profile.project_defaults[S] < profile.projects[P][S]
//   topology global  < profile.globals[S]
// Scalars replace, `resources` merges field by field, `environment` key by
// key, `networks` replaces the whole list. A patched value takes the patch's
// Location, so checks after the merge point at the profile line that caused
// the problem.
#include <string>
#include <vector>

#include "infractl/topology/profile.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

void apply_patch(Service& svc, const ServicePatch& patch);

Service merge_global(const Service& svc, const Profile& profile);
Service merge_project_service(const Service& svc, const std::string& project, const Profile& profile);

// Topology networks with the profile's `internal` changes, then networks only
// the profile declares (driver bridge), each list in file order.
std::vector<Network> merge_networks(const Topology& topo, const Profile& profile);

}  // namespace infractl
