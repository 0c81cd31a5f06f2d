#include "infractl/scale/scale_request.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "infractl/core/diagnostics.hpp"
#include "infractl/core/error.hpp"
#include "infractl/resolve/read_replicas.hpp"

namespace infractl {

namespace {

ScaleRequest parse_one(const std::string& project, const std::string& text) {
    auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
        throw Error(ErrorKind::invalid_input, fmt::format("bad scale request '{}'", text),
                    "write SERVICE=N (e.g. celery-worker=5) or SERVICE=reset");
    }
    ScaleRequest r{project, text.substr(0, eq), std::nullopt};
    std::string value = text.substr(eq + 1);
    if (value == "reset") return r;
    int n = -1;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < 0 || n > 10'000) {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("bad replica count '{}' for '{}'", value, r.service),
                    "use a whole number from 0 to 10000, or 'reset'");
    }
    r.replicas = n;
    return r;
}

bool contains(const std::vector<ServiceKey>& keys, const ServiceKey& k) {
    return std::find(keys.begin(), keys.end(), k) != keys.end();
}

void check_exists(const DesiredState& desired, const ScaleRequest& r) {
    ServiceKey key{r.project, r.service};
    if (desired.find(key)) return;
    for (const auto& m : desired.managed) {
        if (m.key == key)
            throw Error(ErrorKind::refused,
                        fmt::format("{} is a managed endpoint in profile '{}' ({}): there is nothing to scale",
                                    key.str(), desired.profile, m.endpoint));
    }
    if (contains(desired.disabled, key))
        throw Error(ErrorKind::refused,
                    fmt::format("{} is disabled in profile '{}': there is nothing to scale", key.str(),
                                desired.profile),
                    "enable it in the profile first");
    std::vector<std::string> projects, services;
    for (const auto& s : desired.services) {
        if (std::find(projects.begin(), projects.end(), s.key.project) == projects.end())
            projects.push_back(s.key.project);
        if (s.key.project == r.project) services.push_back(s.key.service);
    }
    if (services.empty()) {
        throw Error(ErrorKind::invalid_input, fmt::format("unknown project '{}'", r.project),
                    did_you_mean(r.project, projects));
    }
    throw Error(ErrorKind::invalid_input, fmt::format("unknown service '{}' in project '{}'", r.service, r.project),
                did_you_mean(r.service, services));
}

}  // namespace

std::vector<ScaleRequest> parse_scale_requests(const std::string& project,
                                               const std::vector<std::string>& assignments) {
    std::vector<ScaleRequest> out;
    for (const auto& a : assignments) out.push_back(parse_one(project, a));
    return out;
}

void check_scale_requests(const DesiredState& desired, const std::vector<ScaleRequest>& requests) {
    for (const auto& r : requests) {
        check_exists(desired, r);
        const DesiredService& s = *desired.find(ServiceKey{r.project, r.service});
        if (!r.replicas) continue;
        int n = *r.replicas;
        if (s.global && n > 1)
            throw Error(ErrorKind::refused,
                        fmt::format("{} is a global singleton shared by every project: it cannot run {} replicas",
                                    s.key.str(), n));
        if (s.singleton && n > 1) {
            std::string why = s.singleton_reason.empty() ? "it is declared singleton: true" : s.singleton_reason;
            throw Error(ErrorKind::refused, fmt::format("{} is a singleton: {}", s.key.str(), why),
                        "nothing was changed");
        }
        if (s.max_replicas && n > *s.max_replicas)
            throw Error(ErrorKind::refused,
                        fmt::format("{} allows at most {} replicas (max_replicas); asked for {}", s.key.str(),
                                    *s.max_replicas, n),
                        "raise max_replicas in the topology or profile if this is intended");
    }
}

void apply_scale_requests(DesiredState& desired, const std::vector<ScaleRequest>& requests,
                          Overrides& overrides) {
    for (const auto& r : requests) {
        ServiceKey key{r.project, r.service};
        DesiredService* s = desired.find(key);
        if (!s) continue;
        if (!r.replicas || *r.replicas == s->topology_replicas) {
            overrides.erase(key.str());
            set_replicas(*s, std::nullopt);
            continue;
        }
        overrides[key.str()] = ReplicaOverride{*r.replicas, s->topology_replicas};
        set_replicas(*s, *r.replicas);
    }
    add_replica_volumes(desired);  // a new read replica brings its own volume
}

}  // namespace infractl
