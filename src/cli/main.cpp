// infractl entry point: global flags, the command table, and the one place
// where errors become messages and exit codes.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "infractl/cli/command.hpp"
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
    GlobalOptions g;
    bool no_color = env_or_null("NO_COLOR") != nullptr || !isatty(STDOUT_FILENO);

    CLI::App app{"infractl: declarative infrastructure for a monorepo of projects on Docker"};
    app.set_version_flag("--version", std::string("infractl ") + INFRACTL_VERSION);
    app.require_subcommand(1);
    app.fallthrough();
    app.add_option("-f,--file", g.file, "Topology file (env INFRACTL_FILE; default: see docs/cli.md)");
    app.add_option("--profile", g.profile,
                   "Profile name or file (env INFRACTL_PROFILE; default dev, or the topology as written when "
                   "there is no profiles/dev.yaml)");
    app.add_option("-o,--output", g.output, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    app.add_flag("-v,--verbose", g.verbosity, "More logging to stderr (-v info, -vv debug, -vvv trace)");
    app.add_flag("--no-color", no_color, "No colours (also NO_COLOR)");
    app.add_option("-H,--host", g.host, "Engine socket, unix:///path (env DOCKER_HOST)");
    app.add_flag("--show-secrets", g.show_secrets, "Print secret values instead of masking them");
    app.add_option("--backend", g.backend,
                   "What runs the stack: docker (containers) or swarm (Swarm services); env INFRACTL_BACKEND; "
                   "default: the profile's backend, else docker")
        ->check(CLI::IsMember({"docker", "swarm"}));
    app.add_option("--images", g.images_file, "Image map file merged into the profile's images (env INFRACTL_IMAGES)");

    cli::Runner runner;
    for (const auto& cmd : cli::commands()) {
        CLI::App* sub = app.add_subcommand(cmd.name, cmd.help);
        if (cmd.alias) sub->alias(cmd.alias);
        cli::Runner r = cmd.setup(*sub, g);
        sub->final_callback([&runner, r] { runner = r; });
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
    }
    g.color = !no_color;
    setup_logging(g.verbosity);
    // After the flags, which win; before the command, which reads the settings.
    read_environment(g);
    if (!g.env_file.empty()) spdlog::info("settings and variables from {}", g.env_file);
    return static_cast<int>(runner());
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
