// `plan --out FILE` and `up --plan FILE` (docs/history.md, "Saved plans"):
// the fingerprint of what a plan was computed from, written beside the plan,
// and computed again before a saved plan is applied.
#include <iostream>

#include <fmt/format.h>

#include "app_support.hpp"
#include "infractl/app/reconcile.hpp"
#include "infractl/backend/container_reconciler.hpp"
#include "infractl/core/sha256.hpp"
#include "infractl/plan/saved_plan.hpp"
#include "infractl/state/atomic_file.hpp"
#include "infractl/state/desired_codec.hpp"
#include "infractl/state/overrides_store.hpp"
#include "infractl/state/state_dir.hpp"

namespace infractl {

namespace {

InputDigest digest_of(const std::string& role, const std::string& path) {
    auto bytes = read_whole_file(path);
    return {role, path, bytes ? sha256_hex(*bytes) : ""};
}

std::vector<InputDigest> input_digests(const Session& s) {
    const Inputs& in = s.inputs();
    std::vector<InputDigest> out{digest_of("topology", in.topology_file)};
    if (!in.profile_file.empty()) out.push_back(digest_of("profile", in.profile_file));
    if (!in.images_file.empty()) out.push_back(digest_of("images", in.images_file));
    OverridesStore store(resolve_state_dir(s.options().state_dir), s.stack(), in.profile.name);
    out.push_back(digest_of("scale counts", store.path()));
    return out;
}

// Saved plans fingerprint what the Docker backend observed; Swarm services
// have their own versions and are not covered yet.
const ObservedState& docker_snapshot(Session& s) {
    auto* docker = dynamic_cast<ContainerReconciler*>(&s.reconciler());
    if (!docker)
        throw Error(ErrorKind::refused, fmt::format("saved plans need the docker backend, not {}", s.backend_name()),
                    "plan and apply without --out/--plan on this backend");
    return docker->snapshot();
}

PlanFingerprint fingerprint(Session& s, const Plan& plan, const std::string& project) {
    PlanFingerprint fp;
    fp.inputs = input_digests(s);
    // Values may be any bytes (from the environment): hashed with invalid UTF-8 replaced, never thrown.
    fp.desired_sha256 =
        sha256_hex(encode_desired(s.desired()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    fp.observed = touched_objects(docker_snapshot(s), plan, project);
    fp.plan_sha256 = plan_digest(plan);
    return fp;
}

std::string header_text(const std::string& stack, const std::string& profile, const std::string& backend) {
    return fmt::format("stack '{}' (profile '{}', backend {})", stack, profile, backend);
}

void check_header(const SavedPlanHeader& h, Session& s, const std::string& file) {
    if (h.stack == s.stack() && h.profile == s.desired().profile && h.backend == s.backend_name()) return;
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: the plan is for {}, not {}", file, header_text(h.stack, h.profile, h.backend),
                            header_text(s.stack(), s.desired().profile, s.backend_name())),
                "pass the -f, --profile and --backend it was planned with, or plan again");
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : "; ") + i;
    return out;
}

}  // namespace

void save_plan(Session& s, const Plan& plan, const std::string& project, const std::string& file) {
    if (!plan.conflicts.empty())
        throw Error(ErrorKind::refused, fmt::format("{} was not written: the plan has conflicts, up would refuse it", file));
    SavedPlanHeader h{kSavedPlanVersion, s.stack(), s.desired().profile, s.backend_name(), project};
    write_atomically(file, write_saved_plan(plan, h, fingerprint(s, plan, project)));
    std::cerr << fmt::format("saved the plan to {}; apply exactly this plan with: infractl up --plan {}\n", file, file);
}

ExitCode run_up_saved(const GlobalOptions& g, const UpCommandOptions& o) {
    auto text = read_whole_file(o.plan_file);
    if (!text) throw Error(ErrorKind::invalid_input, fmt::format("saved plan {} does not exist", o.plan_file));
    SavedPlan saved = read_saved_plan(o.plan_file, *text);  // corrupt or newer: nothing else runs
    Session s = Session::open(g);
    check_header(saved.header, s, o.plan_file);
    auto lock = o.dry_run ? nullptr : s.lock("up", o.lock_timeout);

    Reconciler& backend = s.reconciler();
    backend.observe(s.stack(), &s.desired());
    Plan plan = backend.plan_up(s.desired(), PlanScope{saved.header.project, {}});
    auto changed = staleness(saved.fingerprint, fingerprint(s, plan, saved.header.project));
    if (!changed.empty())
        throw Error(ErrorKind::refused, fmt::format("plan is stale: {}; nothing was changed", joined(changed)),
                    fmt::format("review and save a new one with: infractl plan --out {}", o.plan_file));
    if (!plan.conflicts.empty()) return refuse_conflicts(plan);  // cannot happen: it had none and nothing changed
    if (o.dry_run) {
        print_plan(g, plan);
        return ExitCode::ok;
    }
    if (lock) s.forget_lapsed();  // the remembered counts it ignored; the desired state does not change
    ExitCode code = apply_with_progress(
        s, plan, ApplyRun{.parallel = o.parallel, .wait = o.wait, .wait_timeout = o.wait_timeout, .quiet = o.quiet});
    if (code == ExitCode::ok) record_up(s, "up --plan " + o.plan_file, plan, saved.header.project);
    return code;
}

}  // namespace infractl
