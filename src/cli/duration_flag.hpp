#pragma once
// CLI11 options that take a duration ("90s", "5m") into a Duration.
#include <string>

#include <CLI/CLI.hpp>

#include "infractl/core/units.hpp"

namespace infractl::cli {

inline CLI::Option* add_duration(CLI::App& app, const std::string& name, Duration& target,
                                 const std::string& help) {
    return app
        .add_option_function<std::string>(
            name,
            [&target, name](const std::string& text) {
                auto d = parse_duration(text);
                if (!d) throw CLI::ValidationError(name, "expected a duration such as 90s or 5m, got '" + text + "'");
                target = *d;
            },
            help)
        ->default_str(format_duration(target));
}

}  // namespace infractl::cli
