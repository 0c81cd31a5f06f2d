// infractl entry point: the command line (cli_app.cpp: global flags and the
// table of commands), and the one place where errors become messages and
// exit codes.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "infractl/cli/cli_model.hpp"
#include "infractl/core/error.hpp"

using namespace infractl;

namespace {

const char* env_or_null(const char* name) {
    const char* v = std::getenv(name);
    return (v && *v) ? v : nullptr;
}

void setup_logging(int verbosity) {
    auto logger = spdlog::stderr_color_mt("infractl");
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("%^%l%$: %v");
    switch (verbosity) {
        case 0: spdlog::set_level(spdlog::level::warn); break;
        case 1: spdlog::set_level(spdlog::level::info); break;
        case 2: spdlog::set_level(spdlog::level::debug); break;
        default: spdlog::set_level(spdlog::level::trace); break;
    }
}

int run(int argc, char** argv) {
    cli::CliState state;
    state.no_color = env_or_null("NO_COLOR") != nullptr || !isatty(STDOUT_FILENO);
    auto app = cli::make_cli(state);
    try {
        app->parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app->exit(e);
        return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
    }
    state.g.color = !state.no_color;
    setup_logging(state.g.verbosity);
    // After the flags, which win; before the command, which reads the settings.
    read_environment(state.g);
    // Said only when the file gave something (INFRACTL_ENV_FILE=/dev/null gives nothing).
    if (!state.g.env_file.empty() && !state.g.env_file_vars.empty())
        spdlog::info("settings and variables from {}", state.g.env_file);
    return static_cast<int>(state.runner());
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const Error& e) {
        // One line, hint included, like validate's "file:line:col: message (hint: ...)":
        // scripts and people grep for the one line that says what failed.
        if (e.hint().empty())
            std::fprintf(stderr, "infractl: %s\n", e.what());
        else
            std::fprintf(stderr, "infractl: %s (hint: %s)\n", e.what(), e.hint().c_str());
        return static_cast<int>(exit_code_for(e.kind()));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "infractl: internal error: %s\n", e.what());
        return static_cast<int>(ExitCode::failure);
    }
}
