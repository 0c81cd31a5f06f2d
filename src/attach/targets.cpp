#include "infractl/attach/targets.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "infractl/core/diagnostics.hpp"
#include "infractl/core/error.hpp"

namespace infractl {

namespace {

std::string project_arg(const std::string& project) {
    return project == kGlobalProject ? std::string(kGlobalProjectArg) : project;
}

}  // namespace

std::string Target::label() const {
    if (key.project == kGlobalProject) return fmt::format("{}#{}", key.service, replica);
    return fmt::format("{}/{}#{}", key.project, key.service, replica);
}

Selection check_selection(const DesiredState& desired, std::string project, std::string service,
                          std::optional<int> replica) {
    std::vector<std::string> projects;
    std::set<std::string> seen;
    bool has_real_global = false;
    for (const auto& s : desired.services) {
        if (seen.insert(s.key.project).second) projects.push_back(project_arg(s.key.project));
        if (s.key.project == kGlobalProjectArg) has_real_global = true;
    }
    if (project == kGlobalProjectArg && !has_real_global) project = kGlobalProject;
    if (project.empty()) return {"", "", replica};
    std::vector<std::string> services;
    for (const auto& s : desired.services) {
        if (s.key.project == project) services.push_back(s.key.service);
    }
    if (services.empty()) {
        throw Error(ErrorKind::invalid_input, fmt::format("unknown project '{}'", project_arg(project)),
                    did_you_mean(project_arg(project), projects));
    }
    if (!service.empty() && std::find(services.begin(), services.end(), service) == services.end()) {
        throw Error(ErrorKind::invalid_input,
                    fmt::format("unknown service '{}' in project '{}'", service, project_arg(project)),
                    did_you_mean(service, services));
    }
    return {project, service, replica};
}

std::vector<Target> select_targets(const std::vector<ObservedContainer>& containers, const Selection& sel) {
    std::vector<Target> out;
    for (const auto& c : containers) {
        if (c.project().empty() || c.service().empty()) continue;
        if (!sel.project.empty() && c.project() != sel.project) continue;
        if (!sel.service.empty() && c.service() != sel.service) continue;
        if (sel.replica && c.replica() != *sel.replica) continue;
        out.push_back({{c.project(), c.service()}, c.replica(), c.name, c.id, c.state, c.exit_code});
    }
    std::sort(out.begin(), out.end(), [](const Target& a, const Target& b) {
        return std::tie(a.key, a.replica, a.container) < std::tie(b.key, b.replica, b.container);
    });
    return out;
}

const Target& pick_running(const std::vector<Target>& targets, const ServiceKey& key, std::optional<int> replica) {
    std::vector<const Target*> mine;
    for (const auto& t : targets) {
        if (t.key == key) mine.push_back(&t);
    }
    std::string name = key.str();
    const std::string hint = "start it with `infractl up`; `infractl status` shows its replicas";
    if (mine.empty()) throw Error(ErrorKind::refused, fmt::format("{} has no container: nothing to run in", name), hint);
    for (const Target* t : mine) {
        if (replica && t->replica != *replica) continue;
        if (t->state == ContainerState::running) return *t;
        if (replica) {
            throw Error(ErrorKind::refused,
                        fmt::format("{} is not running ({})", t->label(),
                                    has_exited(t->state) ? fmt::format("exited with code {}", t->exit_code)
                                                         : std::string(to_string(t->state))),
                        hint);
        }
    }
    if (replica) {
        std::vector<std::string> have;
        for (const Target* t : mine) have.push_back(std::to_string(t->replica));
        throw Error(ErrorKind::refused,
                    fmt::format("{} has no replica {} (replicas: {})", name, *replica, fmt::join(have, ", ")),
                    "pick one with --replica N");
    }
    throw Error(ErrorKind::refused, fmt::format("{} has no running replica", name), hint);
}

}  // namespace infractl
