#pragma once
// DesiredState x ObservedState -> Plan. Pure: no engine calls. Compares what
// the engine reports (inspect), not only the hash label, so hand-made drift
// (removed, stopped, resized, disconnected, image re-tagged) shows up.
//
// Action order: networks and volumes first, then services in dependency order
// (creates, starts, updates, recreates, scale-down removes), then containers
// of services no longer declared, disabled or managed (by name: nothing
// depends on them any more), then networks and volumes no longer declared.
// Reasons and field names are listed in docs/plan-json.md.
#include "infractl/engine/observed_state.hpp"
#include "infractl/plan/plan.hpp"
#include "infractl/resolve/desired_state.hpp"

namespace infractl {

struct PgDataVolume;
namespace diff_detail {
// The refusal for a PostgreSQL volume whose PG_VERSION names another major
// than the service's image; nullopt when they agree (or PG_VERSION is not a number).
std::optional<Conflict> pg_major_conflict(const PgDataVolume& v, const std::string& pg_version);
}  // namespace diff_detail

struct DiffOptions {
    // Limit to one project (and the globals it depends on); empty = all.
    std::string project;
    // Remove declared-but-unused volumes and networks of this stack.
    bool prune_volumes = false;
};

Plan diff(const DesiredState& desired, const ObservedState& observed, const DiffOptions& opts);

}  // namespace infractl
