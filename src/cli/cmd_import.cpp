// `infractl import FORMAT FILE...`: one nested subcommand per format.
#include <memory>

#include "infractl/app/import.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

namespace {

void setup_import_compose(CLI::App& parent, Runner& chosen) {
    CLI::App* sub = parent.add_subcommand("compose", "A topology and profiles from compose files (override files after)");
    auto opts = std::make_shared<ImportComposeOptions>();
    sub->add_option("files", opts->files, "docker-compose.yml, then override files, merged in order")->required();
    sub->add_option("--stack", opts->stack, "Stack name (default: compose's project name)");
    sub->add_option("--project", opts->project, "Import the services into this project (default: as globals)");
    sub->add_option("-o,--output", opts->out_dir, "Folder for infractl.yaml and profiles/")->capture_default_str();
    sub->add_flag("--strict", opts->strict, "An unsupported compose key is an error, and nothing is written");
    sub->add_flag("--force", opts->force, "Overwrite an existing infractl.yaml");
    sub->final_callback([&chosen, opts] { chosen = [opts] { return run_import_compose(*opts); }; });
}

}  // namespace

Runner setup_import(CLI::App& sub, GlobalOptions&) {
    sub.require_subcommand(1);
    auto chosen = std::make_shared<Runner>();
    setup_import_compose(sub, *chosen);
    return [chosen] { return (*chosen)(); };
}

}  // namespace infractl::cli
