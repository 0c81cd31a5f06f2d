// `infractl scale PROJECT SERVICE=N|reset ...` and the scale path autoscale
// uses: remember the count, then apply only what it changes for those services.
#include <set>

#include "app_support.hpp"
#include "infractl/app/reconcile.hpp"

namespace infractl {

ExitCode scale_services(Session& s, const std::vector<ScaleRequest>& requests, const ScaleRun& run) {
    check_scale_requests(s.desired(), requests);  // throws refused / invalid_input; nothing changed
    auto lock = s.lock("scale", run.lock_timeout);
    s.forget_lapsed();
    Overrides overrides = s.read_overrides();  // re-read under the lock: another scale may have run
    apply_scale_requests(s.desired(), requests, overrides);
    s.write_overrides(overrides);

    PlanScope scope{run.project, {}};
    for (const auto& r : requests) scope.services.insert(ServiceKey{r.project, r.service});
    Reconciler& backend = s.reconciler();
    backend.observe(s.stack(), &s.desired());
    Plan plan = backend.plan_up(s.desired(), scope);
    if (!plan.conflicts.empty()) {
        print_plan(s.options(), plan);
        return refuse_conflicts(plan);
    }
    ExitCode code = apply_with_progress(
        s, plan, ApplyRun{.parallel = run.parallel, .quiet = run.quiet, .interrupted = run.interrupted});
    if (code == ExitCode::ok && !run.history_command.empty())
        record_run(s, run.history_command, s.desired(), nullptr, &scope.services);
    return code;
}

ExitCode run_scale(const GlobalOptions& g, const ScaleCommandOptions& o) {
    Session s = Session::open(g);
    std::vector<ScaleRequest> requests = parse_scale_requests(o.project, o.assignments);
    std::string command = "scale " + o.project;
    for (const auto& a : o.assignments) command += " " + a;
    return scale_services(s, requests, ScaleRun{o.project, o.parallel, o.lock_timeout, o.quiet, nullptr, command});
}

}  // namespace infractl
