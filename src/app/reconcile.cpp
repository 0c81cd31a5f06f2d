// plan, up, down and status: one session -> observe -> diff -> render/apply.
#include "infractl/app/reconcile.hpp"

#include <iostream>

#include "app_support.hpp"
#include "build_images.hpp"
#include "infractl/status/status.hpp"

namespace infractl {

ExitCode run_plan(const GlobalOptions& g, const PlanCommandOptions& o) {
    Session s = Session::open(g);
    Reconciler& backend = s.reconciler();
    backend.observe(s.stack(), &s.desired());
    Plan plan = backend.plan_up(s.desired(), PlanScope{o.project, {}});
    add_builds(s, plan, BuildMode::when_missing);
    print_plan(g, plan);
    if (!plan.conflicts.empty()) return ExitCode::failure;
    if (!o.out.empty()) save_plan(s, plan, o.project, o.out);
    if (o.detailed_exitcode && !plan.empty()) return ExitCode::changes_present;
    return ExitCode::ok;
}

ExitCode run_up(const GlobalOptions& g, const UpCommandOptions& o) {
    if (!o.plan_file.empty()) return run_up_saved(g, o);
    Session s = Session::open(g);
    if (!o.pull.empty()) override_pull_policy(s.desired(), o.pull);
    auto lock = o.dry_run ? nullptr : s.lock("up", o.lock_timeout);
    if (lock) s.forget_lapsed();

    Reconciler& backend = s.reconciler();
    backend.observe(s.stack(), &s.desired());
    Plan plan = backend.plan_up(s.desired(), PlanScope{o.project, {}});
    add_builds(s, plan, o.build ? BuildMode::always : BuildMode::when_missing);
    if (!plan.conflicts.empty()) {
        print_plan(g, plan);
        return refuse_conflicts(plan);
    }
    if (o.dry_run) {
        print_plan(g, plan);
        return ExitCode::ok;
    }
    ExitCode code = apply_with_progress(
        s, plan, ApplyRun{.parallel = o.parallel, .wait = o.wait, .wait_timeout = o.wait_timeout, .quiet = o.quiet});
    if (code == ExitCode::ok) record_up(s, o.project.empty() ? "up" : "up --project " + o.project, plan, o.project);
    return code;
}

ExitCode run_down(const GlobalOptions& g, const DownCommandOptions& o) {
    Session s = Session::open(g, Session::Check::lenient);
    const DesiredState* desired = s.valid() ? &s.desired() : nullptr;
    auto lock = o.dry_run ? nullptr : s.lock("down", o.lock_timeout);

    Reconciler& backend = s.reconciler();
    backend.observe(s.stack(), nullptr);
    Plan plan = backend.plan_down(desired, DownOptions{o.project, o.volumes, o.all});
    if (o.dry_run || plan.empty()) {
        if (!o.quiet || o.dry_run) print_plan(g, plan);
        return ExitCode::ok;
    }
    return apply_with_progress(s, plan, ApplyRun{.parallel = o.parallel, .quiet = o.quiet});
}

ExitCode run_status(const GlobalOptions& g) {
    Session s = Session::open(g);
    Reconciler& backend = s.reconciler();
    backend.observe(s.stack(), &s.desired());
    auto rows = backend.status(s.desired());
    if (g.output == "json")
        std::cout << render_status_json(rows, s.desired().stack, s.desired().profile, g.show_secrets);
    else
        std::cout << render_status_text(rows, g.color, g.show_secrets);
    return ExitCode::ok;
}

}  // namespace infractl
