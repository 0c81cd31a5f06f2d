#include <iostream>

#include "infractl/app/completion_names.hpp"
#include "infractl/cli/cli_model.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

namespace {

struct CompletionOptions {
    std::string shell;
    bool projects = false;
    std::optional<std::string> services_of;
};

}  // namespace

Runner setup_completion(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<CompletionOptions>();
    sub.add_option("shell", opts->shell, "The shell")->check(CLI::IsMember({"bash", "zsh", "fish"}));
    // Asked by the scripts themselves: hidden from --help, completion and the man page.
    sub.add_flag("--projects", opts->projects, "Print the topology's project names")->group("");
    sub.add_option_function<std::string>(
           "--services", [opts](const std::string& p) { opts->services_of = p; }, "Print a project's services")
        ->group("");
    const CLI::App* root = sub.get_parent();
    return [&g, opts, root] {
        if (opts->projects || opts->services_of) return run_completion_names(g, opts->services_of);
        if (opts->shell.empty())
            throw Error(ErrorKind::invalid_input, "completion needs a shell", "infractl completion bash|zsh|fish");
        std::cout << render_completion(describe_cli(*root), opts->shell);
        return ExitCode::ok;
    };
}

}  // namespace infractl::cli
