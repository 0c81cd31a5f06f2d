#include "infractl/state/state_dir.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

#include <fmt/format.h>

#include "infractl/core/error.hpp"

namespace infractl {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

}  // namespace

std::string resolve_state_dir(const std::string& configured) {
    if (!configured.empty()) return configured;
    if (auto v = env("INFRACTL_STATE_DIR"); !v.empty()) return v;
    if (auto v = env("XDG_STATE_HOME"); !v.empty()) return v + "/infractl";
    if (auto v = env("HOME"); !v.empty()) return v + "/.local/state/infractl";
    throw Error(ErrorKind::invalid_input, "cannot find a state directory: neither INFRACTL_STATE_DIR, "
                                          "XDG_STATE_HOME nor HOME is set",
                "set INFRACTL_STATE_DIR to a writable directory");
}

void ensure_state_dir(const std::string& dir) {
    std::string path;
    std::size_t start = 0;
    while (start <= dir.size()) {
        std::size_t slash = dir.find('/', start);
        path = slash == std::string::npos ? dir : dir.substr(0, slash);
        start = slash == std::string::npos ? dir.size() + 1 : slash + 1;
        if (path.empty()) continue;
        if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
            throw Error(ErrorKind::invalid_input,
                        fmt::format("cannot create state directory {}: {}", path, std::strerror(errno)),
                        "set INFRACTL_STATE_DIR to a writable directory");
    }
}

std::string stack_state_path(const std::string& dir, const std::string& stack, const std::string& profile,
                             const std::string& suffix) {
    std::string part = profile.empty() ? "default" : profile;
    for (char& c : part)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') c = '_';
    return dir + "/" + stack + "." + part + "." + suffix;
}

}  // namespace infractl
