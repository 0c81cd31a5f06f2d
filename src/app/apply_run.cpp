// The one apply-with-progress path every writing command goes through.
#include <unistd.h>

#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "app_support.hpp"
#include "build_images.hpp"
#include "infractl/apply/progress.hpp"
#include "infractl/plan/render.hpp"

namespace infractl {

namespace {

ProgressOptions progress_options(const GlobalOptions& g, bool quiet) {
    ProgressOptions opts;
    bool tty = isatty(STDERR_FILENO) != 0;
    opts.mode = quiet ? ProgressMode::quiet : tty ? ProgressMode::tty : ProgressMode::plain;
    opts.color = g.color && tty;
    return opts;
}

ExitCode finish(const ApplyResult& r, bool quiet) {
    for (const auto& w : r.warnings) std::cerr << "warning: " << w << '\n';
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

void print_plan(const GlobalOptions& g, const Plan& plan) {
    RenderOptions ro{g.color, g.show_secrets};
    std::cout << (g.output == "json" ? render_plan_json(plan, ro) : render_plan_text(plan, ro));
}

ExitCode refuse_conflicts(const Plan& plan) {
    bool taken = false;
    for (const auto& c : plan.conflicts) {
        if (!c.hint.empty()) {
            std::cerr << fmt::format("error: {}\nhint: {}\n", c.detail, c.hint);
            continue;
        }
        taken = true;
        std::cerr << fmt::format("error: {} name '{}' is taken: {}\n", c.object, c.name, c.detail);
    }
    if (taken)
        std::cerr << "hint: rename or remove the foreign object yourself; infractl never takes over objects it did "
                     "not create\n";
    return ExitCode::failure;
}

ExitCode apply_with_progress(Session& session, const Plan& plan, const ApplyRun& run) {
    const GlobalOptions& g = session.options();
    if (!run.quiet) std::cout << render_plan_text(plan, {g.color, g.show_secrets}) << std::flush;
    if (plan.empty() && !run.wait) return ExitCode::ok;
    // Images first, before any container is touched: a failed build changes nothing.
    if (std::string err = run_builds(session, plan, run.quiet); !err.empty()) {
        std::cerr << "error: " << err << '\n';
        return ExitCode::failure;
    }

    std::optional<InterruptGuard> guard;
    if (!run.interrupted) guard.emplace();
    ApplyOptions ao;
    ao.parallel = run.parallel;
    ao.wait = run.wait;
    ao.wait_timeout = run.wait_timeout;
    ao.interrupted = run.interrupted ? run.interrupted : &guard->flag();
    ProgressView view(std::cerr, progress_options(g, run.quiet));
    ao.on_progress = [&view](const ProgressEvent& e) { view.event(e); };
    ApplyResult r = session.reconciler().apply(plan, ao);
    view.finish();
    return finish(r, run.quiet);
}

void override_pull_policy(DesiredState& desired, const std::string& policy) {
    PullPolicy p = policy == "always" ? PullPolicy::always : policy == "never" ? PullPolicy::never : PullPolicy::missing;
    for (auto& s : desired.services)
        if (!s.build) s.pull_policy = p;  // a built image exists only here: never pulled
}

}  // namespace infractl
