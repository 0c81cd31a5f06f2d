#include "infractl/state/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <fmt/format.h>

#include "infractl/core/error.hpp"

namespace infractl {

namespace {

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

std::string directory_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

void write_atomically(const std::string& path, const std::string& text) {
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
    int dfd = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

std::optional<std::string> read_whole_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::invalid_input, fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace infractl
