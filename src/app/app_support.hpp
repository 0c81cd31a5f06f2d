#pragma once
// Pieces shared by the engine-facing commands (src/app/*.cpp only).
#include <atomic>
#include <map>
#include <set>
#include <memory>
#include <string>

#include "infractl/app/reconcile.hpp"
#include "infractl/app/session.hpp"
#include "infractl/apply/executor.hpp"
#include "infractl/core/error.hpp"
#include "infractl/scale/scale_request.hpp"
#include "infractl/state/history_store.hpp"

namespace infractl {

// SIGINT/SIGTERM set flag() while the guard lives; a second Ctrl-C kills.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    const std::atomic<bool>& flag() const;
};

// How a command applies its plan: the same for up, down, scale and autoscale.
struct ApplyRun {
    int parallel = 8;
    bool wait = false;  // --wait: then every service of the plan's scope must become ready
    Duration wait_timeout{300'000'000'000};
    bool quiet = false;  // -q: print only errors
    // Set by a caller that already handles SIGINT/SIGTERM (autoscale's loop);
    // else apply_with_progress installs its own guard.
    const std::atomic<bool>* interrupted = nullptr;
};

// The one apply path: prints the plan (unless quiet), applies it through the
// session's backend with the progress display, prints each error and the
// summary line, and returns the exit code (ok, failure, interrupted). An
// empty plan without --wait applies nothing.
ExitCode apply_with_progress(Session& session, const Plan& plan, const ApplyRun& run);

// Prints the plan as text or JSON (-o) on stdout.
void print_plan(const GlobalOptions& g, const Plan& plan);
// Names each conflict on stderr with the hint; returns ExitCode::failure.
ExitCode refuse_conflicts(const Plan& plan);

// The one scale path (`scale`, and `autoscale` with values it computed):
// checks the requests (nothing changes on a refusal), takes the stack lock,
// remembers the counts for this profile, applies them to the session's
// desired state in memory, observes once and applies only what changes for
// those services.
struct ScaleRun {
    std::string project;  // limits the diff's scope, like up --project
    int parallel = 8;
    Duration lock_timeout{600'000'000'000};
    bool quiet = false;
    const std::atomic<bool>* interrupted = nullptr;  // as in ApplyRun
    // The command recorded in the history after a successful apply; "" =
    // not recorded (autoscale's steps: they would push out every other entry).
    std::string history_command;
};
ExitCode scale_services(Session& session, const std::vector<ScaleRequest>& requests, const ScaleRun& run);

// `plan --out FILE`: writes the plan with the fingerprint of the session's
// inputs and snapshot (src/app/saved_plans.cpp). Refuses a plan with conflicts.
void save_plan(Session& session, const Plan& plan, const std::string& project, const std::string& file);
// `up --plan FILE`: reads the saved plan, opens the session, checks stack,
// profile and backend, locks, observes, and applies only when the
// fingerprint computed now equals the saved one ("plan is stale" otherwise).
ExitCode run_up_saved(const GlobalOptions& g, const UpCommandOptions& o);

// After a successful up, scale or rollback, under the stack lock: observes
// again for the image ids the containers run and appends `desired` (images
// by reference) to the stack's history (src/app/history.cpp). `images`, when
// given, are recorded as they are (a rollback's pinned ids). `applied`, when
// given, are the only services the run applied: the others are recorded as
// the latest entry has them (state/history_view.hpp, carry_over). A failure
// to record is a warning: the apply itself succeeded.
void record_run(Session& session, const std::string& command, const DesiredState& desired,
                const std::map<std::string, RecordedImage>* images, const std::set<ServiceKey>* applied = nullptr);
// record_run for an up of `project` ("" = all: the whole desired state;
// else only the services of the plan's scope were applied).
void record_up(Session& session, const std::string& command, const Plan& plan, const std::string& project);

// `up --pull POLICY`: one pull policy for every service.
void override_pull_policy(DesiredState& desired, const std::string& policy);

}  // namespace infractl
