#include "infractl/state/state_dir.hpp"

#include <cctype>
#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>
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

Error write_error(const std::string& path, int err) {
    return Error(ErrorKind::invalid_input, fmt::format("cannot write {}: {}", path, std::strerror(err)));
}

void write_fully(int fd, const std::string& text, const std::string& path) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw write_error(path, errno);
        done += static_cast<std::size_t>(n);
    }
}

// Temp file + fsync + rename + fsync of the directory: the file is replaced
// whole or not at all.
void write_atomically_impl(const std::string& dir, const std::string& path, const std::string& text) {
    std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw write_error(tmp, errno);
    try {
        write_fully(fd, text, tmp);
        if (::fsync(fd) != 0) throw write_error(tmp, errno);
    } catch (...) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        throw write_error(path, err);
    }
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

// A profile name as one file-name part: anything but [A-Za-z0-9_.-] -> '_'.
std::string file_part(const std::string& name) {
    std::string out = name.empty() ? "default" : name;
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') c = '_';
    return out;
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

std::string state_file_path(const std::string& dir, const std::string& stack, const std::string& profile,
                            const std::string& suffix) {
    return dir + "/" + stack + "." + file_part(profile) + "." + suffix;
}

std::optional<std::string> read_state_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_state_file(const std::string& dir, const std::string& path, const std::string& text) {
    ensure_state_dir(dir);
    write_atomically_impl(dir, path, text);
}

void remove_state_file(const std::string& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) throw write_error(path, errno);
}

}  // namespace infractl
