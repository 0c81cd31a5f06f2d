// Checks of `build:` that read the file system: the context folder and the
// Dockerfile must exist before anything is sent to the engine.
#include "build_checks.hpp"

#include <filesystem>

#include <fmt/format.h>

namespace infractl {

namespace fs = std::filesystem;

void check_build(const BuildSpec& b, const std::string& display, Diagnostics& diags) {
    std::error_code ec;
    if (!fs::is_directory(b.context, ec)) {
        bool exists = fs::exists(b.context, ec);
        diags.error(b.context_loc,
                    fmt::format("{}: build context '{}' {}", display, b.context,
                                exists ? "is not a directory" : "does not exist"),
                    "a relative context is relative to the topology file's folder");
        return;
    }
    fs::path dockerfile(b.dockerfile);
    if (dockerfile.is_absolute() || b.dockerfile.empty() ||
        dockerfile.lexically_normal().string().rfind("..", 0) == 0) {
        diags.error(b.dockerfile_loc,
                    fmt::format("{}: dockerfile '{}' must be a path inside the build context", display, b.dockerfile),
                    "write it relative to the context, e.g. dockerfile: Dockerfile.dev");
        return;
    }
    fs::path full = fs::path(b.context) / dockerfile;
    if (!fs::is_regular_file(full, ec))
        diags.error(b.dockerfile_loc, fmt::format("{}: dockerfile '{}' not found in {}", display, b.dockerfile, b.context),
                    "the dockerfile path is relative to the build context");
}

}  // namespace infractl
