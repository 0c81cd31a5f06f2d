#include "infractl/topology/service_checks.hpp"

#include <fmt/format.h>

#include "infractl/core/units.hpp"

namespace infractl {

namespace {

// The value the profile set, else the reservation, else the limit.
const Location& pick(const Location& reservation, const Location& limit, const std::string& profile_file) {
    if (limit.known() && limit.file == profile_file && reservation.file != profile_file) return limit;
    return reservation.known() ? reservation : limit;
}

void check_resources(const Resources& r, const std::string& display, const std::string& profile_file,
                     Diagnostics& diags) {
    if (r.cpu_limit && r.cpu_reservation && *r.cpu_reservation > *r.cpu_limit)
        diags.error(pick(r.cpu_reservation_loc, r.cpu_limit_loc, profile_file),
                    fmt::format("{}: cpu reservation {} is above the limit {}", display,
                                format_cpus(*r.cpu_reservation), format_cpus(*r.cpu_limit)),
                    "lower the reservation or raise the limit");
    if (r.memory_limit && r.memory_reservation && *r.memory_reservation > *r.memory_limit)
        diags.error(pick(r.memory_reservation_loc, r.memory_limit_loc, profile_file),
                    fmt::format("{}: memory reservation {} is above the limit {}", display,
                                format_bytes(*r.memory_reservation), format_bytes(*r.memory_limit)),
                    "lower the reservation or raise the limit");
}

void check_read_replicas(const Service& svc, const std::string& display, Diagnostics& diags) {
    if (svc.read_replicas == 0) return;
    if (!is_postgres_image(svc.image))
        diags.error(svc.read_replicas_loc,
                    fmt::format("{}: read_replicas needs a PostgreSQL service; image '{}' is not postgres", display,
                                svc.image.empty() ? "(built)" : svc.image),
                    "read replicas stream PostgreSQL's WAL: remove read_replicas, or name the image "
                    "postgres[:TAG] or postgresql[:TAG] (docs/stateful.md)");
    else if (svc.read_replicas > kMaxServiceReplicas)
        diags.error(svc.read_replicas_loc,
                    fmt::format("{} asks for {} read replicas; infractl runs at most {} per service", display,
                                svc.read_replicas, kMaxServiceReplicas));
}

}  // namespace

bool is_postgres_image(const std::string& image) {
    std::string repo = image.substr(0, image.find('@'));
    auto colon = repo.rfind(':');
    auto slash = repo.rfind('/');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) repo.resize(colon);
    std::string last = slash == std::string::npos ? repo : repo.substr(slash + 1);
    return last == "postgres" || last == "postgresql";
}

void check_merged_service(const Service& svc, const std::string& display, bool global,
                          const std::string& profile_file, Diagnostics& diags) {
    if (svc.replicas > kMaxServiceReplicas)
        diags.error(svc.replicas_loc,
                    fmt::format("{} asks for {} replicas; infractl runs at most {} per service", display,
                                svc.replicas, kMaxServiceReplicas),
                    "is a digit too many? split the service if you really need more");
    else if (global && svc.replicas > 1)
        diags.error(svc.replicas_loc,
                    fmt::format("global '{}' runs 0 or 1 replica, not {}", display, svc.replicas),
                    "move it under a project to replicate it");
    else if (svc.singleton && svc.replicas > 1)
        diags.error(svc.replicas_loc,
                    svc.singleton_reason.empty()
                        ? fmt::format("{} is a singleton; it cannot run {} replicas", display, svc.replicas)
                        : fmt::format("{} is a singleton: {}; it cannot run {} replicas", display,
                                      svc.singleton_reason, svc.replicas));
    else if (svc.max_replicas && svc.replicas > *svc.max_replicas)
        diags.error(svc.replicas_loc,
                    fmt::format("{} asks for {} replicas, above its max_replicas {}", display, svc.replicas,
                                *svc.max_replicas));
    check_resources(svc.resources, display, profile_file, diags);
    check_read_replicas(svc, display, diags);
}

void check_merged_service(const Service& svc, const std::string& display, bool global, Diagnostics& diags) {
    check_merged_service(svc, display, global, std::string(), diags);
}

}  // namespace infractl
