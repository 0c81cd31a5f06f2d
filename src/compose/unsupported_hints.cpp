// What to do instead, for each compose key a topology cannot express. The
// table is the user-facing half of docs/compose.md's "unsupported" column.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "compose_reader.hpp"

namespace infractl::compose {

namespace {

constexpr const char* kSwarm = "a swarm setting; infractl's Docker backend does not use it";
constexpr const char* kEngine = "infractl does not set this on containers; drop it, or bake it into the image";

// Paths match exactly; "networks.*" stands for any top-level network.
constexpr std::pair<std::string_view, std::string_view> kHints[] = {
    {"build", "infractl runs images and does not build them: build it first (docker-compose build, or "
              "docker build -t IMAGE CONTEXT) and keep 'image:'"},
    {"container_name", "infractl names containers itself: {stack}-{service} for globals, "
                       "{project}-{service}[-N] in a project"},
    {"hostname", "peers reach a service by its network alias (the service key, or {project}-{service})"},
    {"domainname", "peers reach a service by its network alias (the service key, or {project}-{service})"},
    {"expose", "containers on a shared network reach every port; publish with 'ports:'"},
    {"links", "services on the same network reach each other by name; use depends_on for order"},
    {"external_links", "services on the same network reach each other by name"},
    {"secrets", "mount the secret file with 'volumes: [./secret.txt:/run/secrets/NAME:ro]', or pass it with "
                "env_file (every env_file value is secret)"},
    {"configs", "mount the file with 'volumes: [./file:/path/in/container:ro]'"},
    {"network_mode", "infractl attaches services to its own networks"},
    {"volumes_from", "mount the same named volumes in both services"},
    {"cpu_quota", "use cpus (or deploy.resources.limits.cpus)"},
    {"memswap_limit", "infractl sets no swap limit on top of the memory limit"},
    {"deploy.mode", kSwarm},
    {"deploy.placement", kSwarm},
    {"deploy.update_config", kSwarm},
    {"deploy.rollback_config", kSwarm},
    {"deploy.endpoint_mode", kSwarm},
    {"deploy.labels", "put the labels on the service ('labels:')"},
    {"deploy.restart_policy", "use the service's 'restart:' (no, always, on-failure[:N], unless-stopped)"},
    {"deploy.resources.limits.pids", kEngine},
    {"deploy.resources.reservations.devices", kEngine},
    {"deploy.resources.reservations.generic_resources", kSwarm},
    {"networks.*.external", "infractl creates and owns its networks ({stack}_{key}); an external network "
                            "cannot be joined"},
    {"networks.*.name", "infractl names networks {stack}_{key}"},
    {"networks.*.ipam", "infractl lets the engine pick subnets"},
    {"networks.*.driver_opts", kEngine},
    {"networks.*.attachable", "infractl's networks are bridge networks; attachable is for overlay networks"},
    {"networks.*.labels", "infractl labels its networks with io.infractl.* itself"},
    {"networks.*.enable_ipv6", kEngine},
    {"volumes.*.external", "infractl creates and owns its volumes ({stack}_{key}, or {stack}_{project}_{key})"},
    {"volumes.*.name", "infractl names volumes {stack}_{key}, or {stack}_{project}_{key} in a project"},
    {"volumes.*.driver", "infractl creates local volumes"},
    {"volumes.*.driver_opts", "infractl creates local volumes"},
    {"volumes.*.labels", "infractl labels its volumes with io.infractl.* itself"},
    {"service.networks.aliases", "a service's alias is its key (globals) or {project}-{service}"},
    {"service.networks.ipv4_address", "infractl lets the engine assign addresses"},
    {"service.networks.ipv6_address", "infractl lets the engine assign addresses"},
    {"healthcheck.start_interval", "docker 25 and later only; drop it"},
    {"depends_on.restart", "infractl recreates dependents when their config changes, not on a dependency's restart"},
    {"depends_on.required", "every dependency of a topology service is required"},
    {"pull_policy.build", "infractl does not build images: build it first, then use missing"},
};

}  // namespace

std::string unsupported_hint(std::string_view path) {
    for (const auto& [key, hint] : kHints)
        if (key == path) return std::string(hint);
    return kEngine;
}

}  // namespace infractl::compose
