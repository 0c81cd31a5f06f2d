#pragma once
// What every successful up, scale and rollback ran, per stack and profile, in
// "<state dir>/<stack>.<profile>.history.json" (docs/history.md):
//   {"format_version":1,"stack":"monorepo","profile":"dev","next":8,
//    "entries":[{"number":7,"time":"2026-12-02T01:50:00Z","command":"up",
//                "images":{"turfoo/api":{"ref":"x:1","id":"sha256:..."}},
//                "desired":{...state/desired_codec.hpp...}}, ...]}
// Oldest first; only the last kHistoryLimit entries are kept; numbers grow
// and are never reused (entry 7 stays entry 7 while it is kept). Written
// atomically (state/atomic_file.hpp), mode 0600: the desired state holds the
// environment in clear. Appenders hold the stack lock.
#include <map>
#include <string>
#include <vector>

#include "infractl/resolve/desired_state.hpp"

namespace infractl {

inline constexpr std::size_t kHistoryLimit = 20;

// The image a service ran: the reference the topology named and the id it
// resolved to then ("" when the engine did not report one).
struct RecordedImage {
    std::string ref;
    std::string id;
    friend bool operator==(const RecordedImage&, const RecordedImage&) = default;
};

struct HistoryEntry {
    int number = 0;        // set by append()
    std::string time;      // UTC, "2026-12-02T01:50:00Z"
    std::string command;   // "up", "scale turfoo celery-worker=3", "rollback --to 4"
    std::map<std::string, RecordedImage> images;  // by ServiceKey::str()
    DesiredState desired;  // as resolved, images by reference (not pinned)
};

class HistoryStore {
public:
    HistoryStore(std::string state_dir, std::string stack, std::string profile);

    const std::string& path() const { return path_; }
    // Oldest first; a missing file is no history. Throws Error(invalid_input)
    // naming the file when it cannot be parsed or is of a newer format.
    std::vector<HistoryEntry> load() const;
    // Numbers `entry` (one more than any before), appends it, drops the
    // oldest beyond kHistoryLimit, writes the file; returns the number.
    int append(HistoryEntry entry) const;

private:
    std::string dir_;
    std::string stack_;
    std::string profile_;
    std::string path_;
};

// Same desired state (by its encoding) and same image ids: recording it again
// would add a line that says nothing changed.
bool same_run(const HistoryEntry& a, const HistoryEntry& b);

}  // namespace infractl
