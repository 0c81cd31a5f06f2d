// Recording runs, `infractl history` and `infractl rollback` (docs/history.md).
#include <ctime>
#include <iostream>

#include <fmt/format.h>

#include "app_support.hpp"
#include "infractl/app/history.hpp"
#include "infractl/backend/container_reconciler.hpp"
#include "infractl/state/history_view.hpp"
#include "infractl/state/state_dir.hpp"

namespace infractl {

namespace {

std::string utc_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// The image id each service's reference resolves to now, after the apply
// (a pull during it may have brought a new one). Docker backend only: a
// Swarm entry records references alone and rolls back by reference.
std::map<std::string, RecordedImage> images_now(Session& s, const DesiredState& desired) {
    std::map<std::string, RecordedImage> out;
    auto* docker = dynamic_cast<ContainerReconciler*>(&s.reconciler());
    if (docker) docker->observe(s.stack(), &desired);
    for (const auto& svc : desired.services) {
        RecordedImage img{svc.spec.image, ""};
        if (docker) {
            auto it = docker->snapshot().image_ids.find(svc.spec.image);
            if (it != docker->snapshot().image_ids.end()) img.id = it->second;
        }
        out[svc.key.str()] = img;
    }
    return out;
}

const HistoryEntry& pick_entry(const std::vector<HistoryEntry>& entries, const std::optional<int>& to,
                               const std::string& path) {
    if (to) {
        for (const auto& e : entries)
            if (e.number == *to) return e;
        std::string range = entries.empty() ? "it is empty"
                                            : fmt::format("it holds entries {} to {}", entries.front().number,
                                                          entries.back().number);
        throw Error(ErrorKind::invalid_input, fmt::format("no history entry {} in {}: {}", *to, path, range),
                    "list them with: infractl history");
    }
    if (entries.size() < 2)
        throw Error(ErrorKind::refused,
                    fmt::format("nothing to roll back to: {} holds {} entr{}", path, entries.size(),
                                entries.size() == 1 ? "y" : "ies"),
                    "up, scale and rollback record one entry each; pick one with --to N");
    return entries[entries.size() - 2];
}

}  // namespace

void record_run(Session& s, const std::string& command, const DesiredState& desired,
                const std::map<std::string, RecordedImage>* images, const std::set<ServiceKey>* applied) {
    try {
        HistoryEntry e;
        e.time = utc_now();
        e.command = command;
        e.desired = desired;
        e.images = images ? *images : images_now(s, desired);
        HistoryStore store = s.history_store();
        auto entries = store.load();
        if (applied && !entries.empty()) e = carry_over(std::move(e), entries.back(), *applied);
        if (!entries.empty() && same_run(entries.back(), e)) return;
        store.append(std::move(e));
    } catch (const std::exception& ex) {
        std::cerr << fmt::format("warning: the run succeeded but was not recorded in the history: {}\n", ex.what());
    }
}

void record_up(Session& s, const std::string& command, const Plan& plan, const std::string& project) {
    std::set<ServiceKey> applied;
    for (const auto& sc : plan.scope) applied.insert(sc.key);
    record_run(s, command, s.desired(), nullptr, project.empty() ? nullptr : &applied);
}

ExitCode run_history(const GlobalOptions& g) {
    Session s = Session::open(g, Session::Check::lenient);
    HistoryStore store = s.history_store();
    auto entries = store.load();
    if (g.output == "json")
        std::cout << render_history_json(entries, s.stack(), s.inputs().profile.name);
    else
        std::cout << render_history_text(entries);
    return ExitCode::ok;
}

ExitCode run_rollback(const GlobalOptions& g, const RollbackCommandOptions& o) {
    Session s = Session::open(g, Session::Check::lenient);
    HistoryStore store = s.history_store();
    auto lock = o.dry_run ? nullptr : s.lock("rollback", o.lock_timeout);
    auto entries = store.load();  // under the lock: another up may have just recorded
    const HistoryEntry& entry = pick_entry(entries, o.to, store.path());
    DesiredState target = pinned_desired(entry);

    Reconciler& backend = s.reconciler();
    backend.observe(s.stack(), &target);
    Plan plan = backend.plan_up(target, PlanScope{});
    if (!plan.conflicts.empty()) {
        print_plan(g, plan);
        return refuse_conflicts(plan);
    }
    if (!o.quiet || o.dry_run)
        std::cerr << fmt::format("rolling back to entry {} ({}, {})\n", entry.number, entry.time, entry.command);
    if (o.dry_run) {
        print_plan(g, plan);
        return ExitCode::ok;
    }
    ExitCode code = apply_with_progress(
        s, plan, ApplyRun{.parallel = o.parallel, .wait = o.wait, .wait_timeout = o.wait_timeout, .quiet = o.quiet});
    if (code == ExitCode::ok)
        record_run(s, fmt::format("rollback --to {}", entry.number), entry.desired, &entry.images);
    return code;
}

}  // namespace infractl
