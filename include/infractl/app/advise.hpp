#pragma once
// `infractl advise` (scaling advice from live metrics) and `infractl
// autoscale` (the same advice, applied through `scale` in a loop).
#include <string>

#include "infractl/app/inputs.hpp"
#include "infractl/core/error.hpp"
#include "infractl/core/units.hpp"

namespace infractl {

struct AdviseCommandOptions {
    std::string project;  // "" = every project (globals always)
};

struct MetricsCommandOptions {
    std::string project;  // "" = every project (globals always)
};

struct AutoscaleCommandOptions {
    std::string project;
    Duration interval{15'000'000'000};
    int iterations = 0;  // 0 = until interrupted
    bool dry_run = false;  // print decisions, scale nothing
    bool quiet = false;
};

ExitCode run_advise(const GlobalOptions& g, const AdviseCommandOptions& o);
// The figures advise reads, in the Prometheus text format on stdout (notes on stderr).
ExitCode run_metrics(const GlobalOptions& g, const MetricsCommandOptions& o);
ExitCode run_autoscale(const GlobalOptions& g, const AutoscaleCommandOptions& o);

}  // namespace infractl
