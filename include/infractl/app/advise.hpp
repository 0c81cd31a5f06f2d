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
    std::string listen;   // "HOST:PORT": serve GET /metrics there until SIGTERM/SIGINT; "" = print once
    bool listen_any = false;  // consent to a --listen address that is not loopback
    std::string reach = "published";  // "published" (ports on this host) or "network" (inside the stack)
};

struct AutoscaleCommandOptions {
    std::string project;
    Duration interval{15'000'000'000};
    int iterations = 0;  // 0 = until interrupted
    bool dry_run = false;  // print decisions, scale nothing
    bool quiet = false;
};

ExitCode run_advise(const GlobalOptions& g, const AdviseCommandOptions& o);
// The figures advise reads, in the Prometheus text format on stdout (notes on
// stderr); with `listen`, served on GET /metrics, a fresh sample per request,
// until SIGTERM or SIGINT (then ExitCode::interrupted).
ExitCode run_metrics(const GlobalOptions& g, const MetricsCommandOptions& o);
ExitCode run_autoscale(const GlobalOptions& g, const AutoscaleCommandOptions& o);

}  // namespace infractl
