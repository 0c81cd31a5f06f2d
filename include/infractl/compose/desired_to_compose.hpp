#pragma once
// DesiredState -> a compose file (what `infractl export compose` writes), in
// the compose spec's shape (no `version`), which docker-compose 1.29 reads
// and honours without --compatibility: deploy.resources limits and the
// memory reservation, deploy.replicas, depends_on conditions.
//
// The file runs what infractl runs:
// - a compose service per infractl service, keyed by its network alias
//   (`redis` for a global, `turfoo-postgres` in a project), so the URLs in
//   the environment resolve unchanged; container_name as infractl names the
//   container, except for a service of more than one replica (compose then
//   names them {project}_{key}_{n});
// - networks and volumes under their engine names (`name:`), so the
//   containers share infractl's volumes when both run on one engine;
// - every string escaped for compose's interpolation ($ -> $$): the values
//   are the ones infractl resolved;
// - no io.infractl.* labels: compose's containers are not infractl's and
//   `infractl up` must not take them for its own.
// A CPU reservation reaches the engine as CpuShares with infractl; compose
// ignores deploy.resources.reservations.cpus, so the file also says
// `cpu_shares:` with the same value. Managed and disabled services are
// listed in the header comment only.
#include <string>
#include <vector>

#include "infractl/resolve/desired_state.hpp"

namespace infractl::compose {

struct ExportResult {
    std::string text;
    int secret_values = 0;  // environment values written in plain text that render masks
};

// `project` = "" exports every service; else that project's services and the
// globals they depend on (directly or not).
ExportResult desired_to_compose(const DesiredState& desired, const std::string& project = {});

}  // namespace infractl::compose
