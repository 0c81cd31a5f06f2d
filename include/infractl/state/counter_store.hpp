#pragma once
// The last reading of each counter `advise` and `metrics` turn into a rate
// (Redis evicted_keys: the seed's "high eviction rates"), per service of one
// stack under one profile, in "<state dir>/<stack>.<profile>.counters.json":
//   {"format_version":1,"stack":"monorepo","profile":"dev","counters":
//    {"redis evicted_keys":[1764637200000,12]}}
// Written whole or not at all (state_dir.hpp). A missing or unreadable file
// is no earlier reading: the first run after it has no rate, never an error
// (losing a sample must not stop `advise`).
#include <map>
#include <string>

#include "infractl/scale/redis_info.hpp"

namespace infractl {

using CounterSamples = std::map<std::string, CounterSample>;  // "<service key> <counter>"

class CounterStore {
public:
    CounterStore(std::string state_dir, std::string stack, std::string profile);
    const std::string& path() const { return path_; }
    CounterSamples load() const;
    void save(const CounterSamples& samples) const;

private:
    std::string dir_;
    std::string stack_;
    std::string profile_;
    std::string path_;
};

}  // namespace infractl
