#pragma once
// Remembered `infractl scale` counts of one stack under one profile, in
// "<state dir>/<stack>.<profile>.overrides.json": a count belongs to the
// profile it was made under, so switching profiles neither applies nor
// forgets it.
//   {"format_version":1,"stack":"monorepo","profile":"dev",
//    "overrides":{"turfoo/celery-worker":{"replicas":5,"base":1}}}
// Writes go to a temporary file in the same directory, are fsynced, then
// renamed over the old file, so a crash leaves either the old or the new file,
// never half of one. Read-modify-write callers hold the stack lock.
#include <string>

#include "infractl/resolve/resolve.hpp"

namespace infractl {

class OverridesStore {
public:
    OverridesStore(std::string state_dir, std::string stack, std::string profile);

    const std::string& path() const { return path_; }
    // A missing file is no overrides. Throws Error(invalid_input) naming the
    // file when it cannot be parsed.
    Overrides load() const;
    // Creates the state dir if needed. An empty map removes the file.
    void save(const Overrides& overrides) const;
    // key = ServiceKey::str(), e.g. "turfoo/celery-worker".
    void set(const std::string& key, const ReplicaOverride& value) const;
    // Returns false when there was nothing to forget.
    bool reset(const std::string& key) const;

private:
    std::string dir_;
    std::string stack_;
    std::string profile_;
    std::string path_;
};

}  // namespace infractl
