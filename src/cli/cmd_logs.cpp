#include "duration_flag.hpp"
#include "infractl/app/attach.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_logs(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<LogsCommandOptions>();
    sub.add_option("project", opts->project, "Only this project ('global' for the globals)");
    sub.add_option("service", opts->service, "Only this service of the project");
    sub.add_option_function<int>(
           "--replica", [opts](int n) { opts->replica = n; }, "Only this replica (1-based)")
        ->check(CLI::PositiveNumber);
    // No -f: that is the global --file.
    sub.add_flag("--follow", opts->follow, "Keep printing new lines; attach to replicas that appear, until Ctrl-C");
    sub.add_option_function<std::string>(
        "--since",
        [opts](const std::string& text) {
            auto d = parse_duration(text);
            if (!d) throw CLI::ValidationError("--since", "expected a duration such as 10m or 2h, got '" + text + "'");
            opts->since = *d;
        },
        "Only lines newer than this long ago (e.g. 10m)");
    sub.add_option("--tail", opts->tail, "Per replica: only the last N lines (default all)")
        ->check(CLI::NonNegativeNumber | CLI::IsMember({"all"}));
    sub.add_flag("--timestamps", opts->timestamps, "Print each line's time (RFC 3339, from the engine)");
    return [&g, opts] { return run_logs(g, *opts); };
}

}  // namespace infractl::cli
