// infractl_gen: writes what the build installs beside the binary, from the
// same command table the binary parses with: `infractl_gen man FILE` (the
// man page infractl(1)) and `infractl_gen bash|zsh|fish FILE` (completions).
#include <cstdio>
#include <fstream>
#include <iostream>

#include "infractl/cli/cli_model.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: infractl_gen man|bash|zsh|fish FILE\n");
        return 64;
    }
    try {
        infractl::cli::CliState state;
        auto app = infractl::cli::make_cli(state);
        auto cli = infractl::cli::describe_cli(*app);
        std::string what = argv[1];
        std::string text = what == "man" ? infractl::cli::render_man_page(cli, INFRACTL_VERSION)
                                         : infractl::cli::render_completion(cli, what);
        std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush()) {
            std::fprintf(stderr, "infractl_gen: cannot write %s\n", argv[2]);
            return 1;
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "infractl_gen: %s\n", e.what());
        return 1;
    }
}
