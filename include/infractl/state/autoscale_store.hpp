#pragma once
// What `infractl autoscale` remembers between rounds and across restarts:
// per service, the HPA history (scale/hpa.hpp) of one stack under one
// profile, in "<state dir>/<stack>.<profile>.autoscale.json", so a
// restarted autoscaler keeps its stabilisation window and rate limits.
//   {"format_version":1,"stack":"monorepo","profile":"dev","services":
//    {"turfoo/celery-worker":{"recommendations":[[1764637200000,5]],
//                             "scale_ups":[[1764637200000,4]],"scale_downs":[]}}}
// Times are milliseconds since the epoch. Written whole or not at all
// (state_dir.hpp), by autoscale after each round; --dry-run only reads it.
#include <map>
#include <string>

#include "infractl/scale/hpa.hpp"

namespace infractl {

using AutoscaleHistory = std::map<std::string, HpaHistory>;  // key = ServiceKey::str()

class AutoscaleStore {
public:
    AutoscaleStore(std::string state_dir, std::string stack, std::string profile);

    const std::string& path() const { return path_; }
    // A missing file is an empty history. Throws Error(invalid_input) naming
    // the file when it cannot be parsed.
    AutoscaleHistory load() const;
    void save(const AutoscaleHistory& history) const;

private:
    std::string dir_;
    std::string stack_;
    std::string profile_;
    std::string path_;
};

}  // namespace infractl
