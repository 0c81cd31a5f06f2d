// plan, up, down and status: load -> observe -> diff -> render/apply.
#include "infractl/app/reconcile.hpp"

#include <atomic>
#include <csignal>
#include <iostream>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app_support.hpp"
#include "infractl/apply/executor.hpp"
#include "infractl/plan/diff.hpp"
#include "infractl/plan/down.hpp"
#include "infractl/plan/render.hpp"
#include "infractl/status/status.hpp"

namespace infractl {

namespace {

void print_plan(const GlobalOptions& g, const Plan& plan) {
    RenderOptions ro{g.color, g.show_secrets};
    std::cout << (g.output == "json" ? render_plan_json(plan, ro) : render_plan_text(plan, ro));
}

ExitCode refuse_conflicts(const Plan& plan) {
    for (const auto& c : plan.conflicts)
        std::cerr << fmt::format("error: {} name '{}' is taken: {}\n", c.object, c.name, c.detail);
    std::cerr << "hint: rename or remove the foreign object yourself; infractl never takes over objects it did "
                 "not create\n";
    return ExitCode::failure;
}

// `up --project P` works on P and the globals it depends on, so --wait waits
// for those only, not for other projects' services.
DesiredState project_scope(const DesiredState& desired, const std::string& project) {
    if (project.empty()) return desired;
    std::set<ServiceKey> keep;
    for (const auto& s : desired.services)
        if (s.key.project == project) keep.insert(s.key);
    // Services come after their dependencies: one backward pass is transitive.
    for (auto it = desired.services.rbegin(); it != desired.services.rend(); ++it)
        if (keep.count(it->key))
            for (const auto& dep : it->depends_on) keep.insert(dep.target);
    DesiredState out = desired;
    std::erase_if(out.services, [&](const DesiredService& s) { return keep.count(s.key) == 0; });
    return out;
}

ExitCode finish_apply(const ApplyResult& r, bool quiet) {
    for (const auto& e : r.errors) std::cerr << "error: " << e << '\n';
    // -q prints only errors; the exit code says the rest.
    if (!quiet) {
        std::cerr << fmt::format("{} done, {} failed, {} not started{}\n", r.done, r.failed, r.skipped,
                                 r.interrupted ? " (interrupted)" : "");
    }
    if (r.interrupted) return ExitCode::interrupted;
    return r.ok() ? ExitCode::ok : ExitCode::failure;
}

}  // namespace

ExitCode run_plan(const GlobalOptions& g, const PlanCommandOptions& o) {
    Inputs in = load_checked_inputs(g);
    auto engine = connect_engine(g);
    ObservedState observed = engine->observe(in.desired.stack, &in.desired);
    Plan plan = diff(in.desired, observed, DiffOptions{o.project, false});
    print_plan(g, plan);
    if (!plan.conflicts.empty()) return ExitCode::failure;
    if (o.detailed_exitcode && !plan.empty()) return ExitCode::changes_present;
    return ExitCode::ok;
}

ExitCode run_up(const GlobalOptions& g, const UpCommandOptions& o) {
    Inputs in = load_checked_inputs(g);
    if (!o.pull.empty()) override_pull_policy(in.desired, o.pull);
    auto engine = connect_engine(g);
    auto lock = o.dry_run ? nullptr : lock_stack(g, in.desired.stack, "up", o.lock_timeout);

    ObservedState observed = engine->observe(in.desired.stack, &in.desired);
    Plan plan = diff(in.desired, observed, DiffOptions{o.project, false});
    if (!plan.conflicts.empty()) {
        print_plan(g, plan);
        return refuse_conflicts(plan);
    }
    if (o.dry_run) {
        print_plan(g, plan);
        return ExitCode::ok;
    }
    if (plan.empty() && !o.wait) {
        if (!o.quiet) std::cout << render_plan_text(plan, {g.color, g.show_secrets});
        return ExitCode::ok;
    }
    if (!o.quiet && !plan.empty()) std::cout << render_plan_text(plan, {g.color, g.show_secrets});

    InterruptGuard interrupt;
    ApplyOptions ao;
    ao.parallel = o.parallel;
    ao.wait = o.wait;
    ao.wait_timeout = o.wait_timeout;
    ao.interrupted = &interrupt.flag();
    auto progress = make_progress_sink(g, o.quiet);
    ao.on_progress = [&progress](const ProgressEvent& e) { progress->event(e); };
    ApplyResult r = apply_plan(plan, project_scope(in.desired, o.project), *engine, ao);
    progress->finish();
    return finish_apply(r, o.quiet);
}

ExitCode run_down(const GlobalOptions& g, const DownCommandOptions& o) {
    Inputs in = load_inputs_lenient(g);
    const DesiredState* desired = in.diags.has_errors() ? nullptr : &in.desired;
    std::string stack = stack_name_of(in);
    auto engine = connect_engine(g);
    auto lock = o.dry_run ? nullptr : lock_stack(g, stack, "down", o.lock_timeout);

    ObservedState observed = engine->observe(stack, nullptr);
    Plan plan = plan_down(observed, desired, DownOptions{o.project, o.volumes, o.all});
    if (o.dry_run || plan.empty()) {
        if (!o.quiet || o.dry_run) print_plan(g, plan);
        return ExitCode::ok;
    }
    if (!o.quiet) std::cout << render_plan_text(plan, {g.color, g.show_secrets});
    InterruptGuard interrupt;
    ApplyOptions ao;
    ao.parallel = o.parallel;
    ao.interrupted = &interrupt.flag();
    auto progress = make_progress_sink(g, o.quiet);
    ao.on_progress = [&progress](const ProgressEvent& e) { progress->event(e); };
    DesiredState empty;
    ApplyResult r = apply_plan(plan, desired ? *desired : empty, *engine, ao);
    progress->finish();
    return finish_apply(r, o.quiet);
}

ExitCode run_status(const GlobalOptions& g) {
    Inputs in = load_checked_inputs(g);
    auto engine = connect_engine(g);
    ObservedState observed = engine->observe(in.desired.stack, &in.desired);
    auto rows = build_status(in.desired, observed);
    if (g.output == "json")
        std::cout << render_status_json(rows, in.desired.stack, in.desired.profile, g.show_secrets);
    else
        std::cout << render_status_text(rows, g.color, g.show_secrets);
    return ExitCode::ok;
}

}  // namespace infractl
