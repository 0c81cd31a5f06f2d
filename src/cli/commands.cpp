#include <iostream>

#include "infractl/cli/command.hpp"

namespace infractl::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"validate", "Check the topology and profile; print every problem with its file:line:col", &setup_validate},
        {"render", "Print the resolved desired state for a profile", &setup_render},
        {"budget", "Resource table: CPU and memory per service and in total", &setup_budget},
        {"plan", "Show what `up` would change, and why", &setup_plan},
        {"up", "Make the engine match the topology and profile", &setup_up},
        {"down", "Remove what infractl created (volumes only with --volumes)", &setup_down},
        {"status", "Per service: desired vs running replicas, state, health, ports", &setup_status, "ps"},
        {"scale", "Set a service's replica count: scale PROJECT SERVICE=N|reset ...", &setup_scale},
        {"advise", "Scaling advice from live metrics (CPU, memory, queue length, connections)", &setup_advise},
        {"metrics", "The live figures advise reads, in the Prometheus text format (infractl_* series)", &setup_metrics},
        {"autoscale", "Scale services with an autoscale block from live metrics, in a loop", &setup_autoscale},
        {"export", "Write the desired state as another tool's files: export kubernetes|compose", &setup_export},
        {"import", "Make a topology and profiles from another tool's files: import compose FILE...", &setup_import},
        {"logs", "Log lines of every replica of the selected services, prefixed and merged: logs [PROJECT [SERVICE]]",
         &setup_logs},
        {"exec", "Run a command in a running replica: exec PROJECT SERVICE [--replica N] [-- CMD ARGS...]", &setup_exec},
        {"backup", "pg_dump a PostgreSQL service to a file or S3: backup PROJECT SERVICE --to FILE|s3://BUCKET/KEY",
         &setup_backup},
        {"restore", "pg_restore into a PostgreSQL service: restore PROJECT SERVICE --from FILE|s3://BUCKET/KEY [--clean]",
         &setup_restore},
        {"completion", "Print the shell completion script: completion bash|zsh|fish", &setup_completion},
        {"version", "infractl's version, the engine's version and the API version they speak", &setup_version},
        {"history", "What each up, scale and rollback ran, and what changed (last 20)", &setup_history},
        {"rollback", "Go back to a history entry, images pinned by id: rollback [--to N] [--dry-run]", &setup_rollback},
    };
    return table;
}

bool report_diagnostics(const Diagnostics& diags) {
    for (const auto& d : diags.sorted()) std::cerr << d.str() << '\n';
    return diags.has_errors();
}

}  // namespace infractl::cli
