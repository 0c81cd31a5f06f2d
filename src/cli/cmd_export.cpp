// `infractl export FORMAT`: one nested subcommand per format, each with its
// own flags; the Runner of the one given runs.
#include <memory>

#include "infractl/app/export.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

namespace {

Runner setup_export_kubernetes(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<KubernetesExportOptions>();
    sub.add_option("--project", opts->project, "Only this project and the globals it depends on");
    sub.add_option("-o,--output-dir", opts->output_dir, "Write one file per object into this directory");
    sub.add_option("--autoscaler", opts->autoscaler, "What the autoscale block becomes")
        ->check(CLI::IsMember({"hpa", "keda"}))
        ->capture_default_str();
    return [&g, opts] { return run_export_kubernetes(g, *opts); };
}

Runner setup_export_compose(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<ExportComposeOptions>();
    sub.add_option("--project", opts->project, "Only this project and the globals it depends on");
    sub.add_option("-o,--output", opts->output_file, "Write to FILE instead of stdout");
    return [&g, opts] { return run_export_compose(g, *opts); };
}

const struct {
    const char* name;
    const char* help;
    Runner (*setup)(CLI::App&, GlobalOptions&);
} formats[] = {
    {"kubernetes", "Kubernetes objects as multi-document YAML (docs/kubernetes.md)", &setup_export_kubernetes},
    {"compose", "A compose file for the profile, for docker-compose 1.29 and later (docs/compose.md)", &setup_export_compose},
};

}  // namespace

Runner setup_export(CLI::App& sub, GlobalOptions& g) {
    sub.require_subcommand(1);
    auto chosen = std::make_shared<Runner>();
    for (const auto& f : formats) {
        CLI::App* format = sub.add_subcommand(f.name, f.help);
        Runner r = f.setup(*format, g);
        format->final_callback([chosen, r] { *chosen = r; });
    }
    return [chosen] { return (*chosen)(); };
}

}  // namespace infractl::cli
