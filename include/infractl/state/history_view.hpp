#pragma once
// Pure views of the history (state/history_store.hpp): what changed from one
// entry to the next, the listing of `infractl history`, and the desired
// state `rollback` applies.
#include <set>
#include <string>
#include <vector>

#include "infractl/state/history_store.hpp"

namespace infractl {

// One phrase per difference, by service in the entry's order, then services
// that went: "+ turfoo/web", "- turfoo/old", "turfoo/api: image x:1 -> x:2",
// "turfoo/api: image x:1 now sha256:ab12… (was sha256:cd34…)", "turfoo/api:
// replicas 1 -> 3", "turfoo/api: environment GREETING, PORT" (names only,
// never values), "turfoo/api: configuration" (anything else in the config
// hash), "turfoo/api: resources". {"first recorded run"} when `previous` is
// null, {"no change"} when nothing differs.
std::vector<std::string> entry_changes(const HistoryEntry* previous, const HistoryEntry& entry);

// The table `infractl history` prints, oldest first:
//   #   WHEN                  COMMAND         CHANGES
//   3   2026-12-02 01:50:00Z  up              turfoo/api: image x:1 -> x:2
std::string render_history_text(const std::vector<HistoryEntry>& entries);
// {"format_version":1,"stack","profile","entries":[{"number","time","command","images","changes"}]}
std::string render_history_json(const std::vector<HistoryEntry>& entries, const std::string& stack,
                                const std::string& profile);

// What a run that applied only some services (`up --project`, `scale`)
// leaves running: `run`'s version of the `applied` services, `last`'s of
// every other one (the engine still runs that), with their images.
HistoryEntry carry_over(HistoryEntry run, const HistoryEntry& last, const std::set<ServiceKey>& applied);

// The entry's desired state with every service's image pinned to the id it
// ran (when one was recorded), so a tag moved since does not matter. The
// config hashes stay as recorded: a service whose spec is unchanged is left
// alone, not recreated for the pinning.
DesiredState pinned_desired(const HistoryEntry& entry);

}  // namespace infractl
