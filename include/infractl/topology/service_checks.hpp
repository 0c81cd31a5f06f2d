#pragma once
// Checks of one service that read only topology types: validation runs them
// on the topology as written, and resolve again on each service after the
// profile is merged in (a profile may raise replicas on a singleton or lower
// a limit under the topology's reservation). Located at the merged value's Location, which is the profile's
// line when the profile set it. Validation may report the same problems
// earlier; Diagnostics::sorted() folds identical reports.
#include <string>

#include "infractl/core/diagnostics.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

// The most replicas one service may run, as `infractl scale` allows: far above
// any real service, low enough that a typo (replicas: 10000000) is refused
// instead of planning ten million containers.
inline constexpr int kMaxServiceReplicas = 10000;

// A PostgreSQL image, by the name as the topology writes it: the repository's
// last component is "postgres" or "postgresql" (postgres:16, bitnami/postgresql,
// infractl-local/postgres:15-r3). Only such a service may ask for read_replicas.
bool is_postgres_image(const std::string& image);

// `display` is "turfoo/celery-beat", or "redis" for a global. A problem made
// of two values (reservation vs limit) is located at the one `profile_file` set.
void check_merged_service(const Service& svc, const std::string& display, bool global,
                          const std::string& profile_file, Diagnostics& diags);
// Before any profile (validate_topology): every location is the topology's.
void check_merged_service(const Service& svc, const std::string& display, bool global, Diagnostics& diags);

}  // namespace infractl
