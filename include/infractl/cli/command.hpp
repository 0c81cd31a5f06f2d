#pragma once
// The table of commands (ninja's tool table): each command registers its
// flags on a CLI11 subcommand and returns the function that runs it. Running
// returns an ExitCode or throws infractl::Error; main.cpp turns both into the
// process exit status in one place.
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "infractl/app/inputs.hpp"
#include "infractl/core/error.hpp"

namespace infractl::cli {

using Runner = std::function<ExitCode()>;

struct Command {
    const char* name;
    const char* help;
    // Adds flags to `sub`; the returned Runner reads them once parsing is done.
    Runner (*setup)(CLI::App& sub, GlobalOptions& global);
    const char* alias = nullptr;
};

const std::vector<Command>& commands();

// Declared in src/cli/cmd_*.cpp, listed in src/cli/commands.cpp.
Runner setup_validate(CLI::App&, GlobalOptions&);
Runner setup_render(CLI::App&, GlobalOptions&);
Runner setup_budget(CLI::App&, GlobalOptions&);
Runner setup_plan(CLI::App&, GlobalOptions&);
Runner setup_up(CLI::App&, GlobalOptions&);
Runner setup_down(CLI::App&, GlobalOptions&);
Runner setup_status(CLI::App&, GlobalOptions&);
Runner setup_scale(CLI::App&, GlobalOptions&);
Runner setup_advise(CLI::App&, GlobalOptions&);
Runner setup_autoscale(CLI::App&, GlobalOptions&);
Runner setup_metrics(CLI::App&, GlobalOptions&);
Runner setup_export(CLI::App&, GlobalOptions&);
Runner setup_import(CLI::App&, GlobalOptions&);
Runner setup_logs(CLI::App&, GlobalOptions&);
Runner setup_exec(CLI::App&, GlobalOptions&);
Runner setup_backup(CLI::App&, GlobalOptions&);
Runner setup_restore(CLI::App&, GlobalOptions&);
Runner setup_completion(CLI::App&, GlobalOptions&);
Runner setup_version(CLI::App&, GlobalOptions&);
Runner setup_history(CLI::App&, GlobalOptions&);
Runner setup_rollback(CLI::App&, GlobalOptions&);

// Prints diagnostics to stderr, one line each; returns true when there were errors.
bool report_diagnostics(const Diagnostics& diags);

}  // namespace infractl::cli
