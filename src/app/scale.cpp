// `infractl scale PROJECT SERVICE=N|reset ...`: remember the count, then
// apply only what it changes for those services.
#include <charconv>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "app_support.hpp"
#include "infractl/app/reconcile.hpp"
#include "infractl/core/diagnostics.hpp"
#include "infractl/plan/diff.hpp"
#include "infractl/plan/filter.hpp"
#include "infractl/plan/render.hpp"
#include "infractl/scale/scale_request.hpp"

namespace infractl {

ExitCode run_scale(const GlobalOptions& g, const ScaleCommandOptions& o) {
    Inputs in = load_checked_inputs(g);
    std::vector<ScaleRequest> requests = parse_scale_requests(o.project, o.assignments);
    check_scale_requests(in.desired, requests);  // throws refused / invalid_input; nothing changed

    auto engine = connect_engine(g);
    auto lock = lock_stack(g, in.desired.stack, "scale", o.lock_timeout);

    Overrides overrides = load_overrides(g, in.desired.stack);
    apply_scale_requests(in.desired, requests, overrides);
    save_overrides(g, in.desired.stack, overrides);

    Inputs scaled = load_checked_inputs(g);  // re-resolved with the saved overrides
    std::set<ServiceKey> targets;
    for (const auto& r : requests) targets.insert(ServiceKey{r.project, r.service});

    ObservedState observed = engine->observe(scaled.desired.stack, &scaled.desired);
    Plan full = diff(scaled.desired, observed, DiffOptions{o.project, false});
    if (!full.conflicts.empty()) {
        std::cout << render_plan_text(full, {g.color, g.show_secrets});
        return ExitCode::failure;
    }
    Plan plan = filter_plan(full, [&](const Action& a) {
        return a.kind == ActionKind::create_network || a.kind == ActionKind::create_volume ||
               targets.count(a.service) > 0;
    });
    if (!o.quiet) std::cout << render_plan_text(plan, {g.color, g.show_secrets});
    if (plan.empty()) return ExitCode::ok;

    InterruptGuard interrupt;
    ApplyOptions ao;
    ao.parallel = o.parallel;
    ao.interrupted = &interrupt.flag();
    auto progress = make_progress_sink(g, o.quiet);
    ao.on_progress = [&progress](const ProgressEvent& e) { progress->event(e); };
    ApplyResult r = apply_plan(plan, scaled.desired, *engine, ao);
    progress->finish();
    for (const auto& e : r.errors) std::cerr << "error: " << e << '\n';
    if (r.interrupted) return ExitCode::interrupted;
    return r.ok() ? ExitCode::ok : ExitCode::failure;
}

}  // namespace infractl
