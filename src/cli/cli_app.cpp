// The CLI11 tree of infractl: global options, then the table of commands.
// main.cpp parses with it; completion and the man page describe it.
#include <unistd.h>

#include "infractl/cli/cli_model.hpp"

namespace infractl::cli {

std::unique_ptr<CLI::App> make_cli(CliState& s) {
    auto app = std::make_unique<CLI::App>("infractl: declarative infrastructure for a monorepo of projects on Docker",
                                          "infractl");
    GlobalOptions& g = s.g;
    app->set_version_flag("--version", std::string("infractl ") + INFRACTL_VERSION);
    app->require_subcommand(1);
    app->fallthrough();
    app->add_option("-f,--file", g.file, "Topology file (env INFRACTL_FILE; default: see docs/cli.md)");
    app->add_option("--profile", g.profile,
                    "Profile name or file (env INFRACTL_PROFILE; default dev, or the topology as written when "
                    "there is no profiles/dev.yaml)");
    app->add_option("-o,--output", g.output, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    app->add_flag("-v,--verbose", g.verbosity, "More logging to stderr (-v info, -vv debug, -vvv trace)");
    app->add_flag("--no-color", s.no_color, "No colours (also NO_COLOR)");
    app->add_option("-H,--host", g.host, "Engine socket, unix:///path (env DOCKER_HOST)");
    app->add_flag("--show-secrets", g.show_secrets, "Print secret values instead of masking them");
    app->add_option("--backend", g.backend,
                    "What runs the stack: docker (containers) or swarm (Swarm services); env INFRACTL_BACKEND; "
                    "default: the profile's backend, else docker")
        ->check(CLI::IsMember({"docker", "swarm"}));
    app->add_option("--images", g.images_file,
                    "Image map file merged into the profile's images (env INFRACTL_IMAGES)");

    for (const auto& cmd : commands()) {
        CLI::App* sub = app->add_subcommand(cmd.name, cmd.help);
        if (cmd.alias) sub->alias(cmd.alias);
        Runner r = cmd.setup(*sub, g);
        sub->final_callback([&s, r] { s.runner = r; });
    }
    return app;
}

}  // namespace infractl::cli
