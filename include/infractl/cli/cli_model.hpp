#pragma once
// The command line as data, read from the CLI11 tree that main parses
// (global options + the table of commands in commands.cpp), for what
// describes it elsewhere: `infractl completion bash|zsh|fish` and the man
// page infractl(1). Nothing here is written by hand per command: a new
// command or flag shows up in both by being in the table.
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "infractl/app/inputs.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

// The whole command line: the global options on `app`, then every command
// of commands(). `runner` receives the chosen command's Runner after a
// parse; `no_color` the --no-color flag.
struct CliState {
    GlobalOptions g;
    bool no_color = false;
    Runner runner;
};
std::unique_ptr<CLI::App> make_cli(CliState& state);

// What completes the value of an option or a positional argument.
//   "project"  project names of the topology ("global" for the globals)
//   "service"  services of the project typed before
//   "assign"   "SERVICE=" for the services of the project typed before (scale)
//   "file"     file names
//   "words:a,b,c"  one of these words
//   ""         nothing (a number, a duration)
struct OptionModel {
    std::vector<std::string> names;  // "-f", "--file"
    std::string help;
    bool takes_value = false;
    std::string value_name;  // "FILE", "N", "text|json" (for help and the man page)
    std::string complete;
};

struct CommandModel {
    std::string path;  // "" for infractl itself, "logs", "export kubernetes"
    std::string help;
    std::vector<std::string> aliases;
    std::vector<OptionModel> options;      // options only, positionals apart
    std::vector<OptionModel> positionals;  // in order; the last may repeat
    bool last_repeats = false;
    std::vector<std::string> children;  // nested commands ("export": kubernetes, compose)
};

// Every command, depth first, the root first. Hidden options (group "")
// and --help are left out.
std::vector<CommandModel> describe_cli(const CLI::App& root);

// The scripts of `infractl completion SHELL`; throws Error(invalid_input)
// for another shell.
std::string render_completion(const std::vector<CommandModel>& cli, const std::string& shell);
// infractl(1) in man(7) roff.
std::string render_man_page(const std::vector<CommandModel>& cli, const std::string& version);

}  // namespace infractl::cli
