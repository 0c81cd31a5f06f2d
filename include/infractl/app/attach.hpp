#pragma once
// The commands that attach to running replicas (`logs`, `exec`) and
// `version`. Like every command: options struct in, ExitCode out or
// infractl::Error thrown (main turns it into the exit code).
#include <optional>
#include <string>
#include <vector>

#include "infractl/app/inputs.hpp"
#include "infractl/core/error.hpp"
#include "infractl/core/units.hpp"

namespace infractl {

struct LogsCommandOptions {
    std::string project;  // "" = every project; "global" = the globals
    std::string service;  // "" = every service of the project
    std::optional<int> replica;
    bool follow = false;
    std::optional<Duration> since;  // only lines newer than now - since
    std::string tail = "all";       // per replica: the last N lines, or all
    bool timestamps = false;
};

struct ExecCommandOptions {
    std::string project;
    std::string service;
    std::optional<int> replica;       // default: the lowest-numbered running replica
    std::vector<std::string> command;  // default: sh
    bool no_tty = false;               // -T: no TTY even on a terminal
};

// Prints the logs of the selected replicas (see docs/cli.md, "logs").
// --follow runs until Ctrl-C or SIGTERM (then ExitCode::interrupted).
ExitCode run_logs(const GlobalOptions& g, const LogsCommandOptions& o);
// Runs the command in one replica; returns the command's exit code.
ExitCode run_exec(const GlobalOptions& g, const ExecCommandOptions& o);
// infractl's version, then the engine's version and API; the engine line
// fails with the usual engine error when it cannot be reached.
ExitCode run_version(const GlobalOptions& g);

}  // namespace infractl
