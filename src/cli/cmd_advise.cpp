#include "duration_flag.hpp"
#include "infractl/app/advise.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_advise(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<AdviseCommandOptions>();
    sub.add_option("--project", opts->project, "Only this project (globals are always shown)");
    return [&g, opts] { return run_advise(g, *opts); };
}

Runner setup_metrics(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<MetricsCommandOptions>();
    sub.add_option("--project", opts->project, "Only this project (globals are always shown)");
    sub.add_option("--listen", opts->listen,
                   "Serve GET /metrics on HOST:PORT (a fresh sample per request) until Ctrl-C or SIGTERM");
    sub.add_flag("--listen-any", opts->listen_any, "Allow a --listen address that is not loopback");
    sub.add_option("--reach", opts->reach,
                   "How Redis and PostgreSQL are reached: published (ports on this host) or network "
                   "(aliases on the stack network, for infractl run inside the stack)")
        ->check(CLI::IsMember({"published", "network"}));
    return [&g, opts] { return run_metrics(g, *opts); };
}

Runner setup_autoscale(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<AutoscaleCommandOptions>();
    sub.add_option("--project", opts->project, "Only this project's services");
    add_duration(sub, "--interval", opts->interval, "Time between two measurements");
    sub.add_option("--iterations", opts->iterations, "Stop after this many rounds (0: until Ctrl-C)")
        ->check(CLI::NonNegativeNumber);
    sub.add_flag_callback("--once", [opts] { opts->iterations = 1; },
                          "One round, then exit (for cron and CI; the window is kept in the state dir)");
    sub.add_flag("--dry-run", opts->dry_run, "Print the decisions, scale nothing");
    sub.add_flag("-q,--quiet", opts->quiet, "Print only decisions and errors");
    return [&g, opts] { return run_autoscale(g, *opts); };
}

}  // namespace infractl::cli
