#include "infractl/engine/secret_files.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "infractl/core/error.hpp"

namespace infractl {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = "/infractl/secrets/";

bool on_tmpfs(const char* path) {
    struct statfs st {};
    return ::statfs(path, &st) == 0 && st.f_type == TMPFS_MAGIC;
}

Error file_error(const std::string& what, const std::string& path, int err) {
    return Error(ErrorKind::refused, fmt::format("{} '{}': {}", what, path, std::strerror(err)));
}

// mkdir 0700 if missing, then insist it is ours and private.
void private_dir(const std::string& path) {
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) throw file_error("cannot create", path, errno);
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) throw file_error("cannot inspect", path, errno);
    if (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 077) != 0)
        throw Error(ErrorKind::refused,
                    fmt::format("refusing to keep secrets in '{}': it is not a directory of uid {} with mode 0700",
                                path, ::geteuid()),
                    "remove it; infractl creates it itself");
}

bool up_to_date(const std::string& path, const ContainerSpec::SecretMount& s) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == static_cast<uid_t>(s.uid) &&
           st.st_gid == static_cast<gid_t>(s.gid) && (st.st_mode & 07777) == static_cast<mode_t>(s.mode) &&
           st.st_size == static_cast<off_t>(s.content.size());
}

void write_one(const std::string& path, const ContainerSpec::SecretMount& s) {
    std::string tmp = path + ".tmp";
    ::unlink(tmp.c_str());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) throw file_error("cannot write the copy of secret '" + s.source + "' at", tmp, errno);
    std::size_t done = 0;
    int err = 0;
    while (done < s.content.size() && err == 0) {
        ssize_t n = ::write(fd, s.content.data() + done, s.content.size() - done);
        if (n < 0 && errno != EINTR) err = errno;
        if (n > 0) done += static_cast<std::size_t>(n);
    }
    if (err == 0 && ::fchown(fd, static_cast<uid_t>(s.uid), static_cast<gid_t>(s.gid)) != 0) err = errno;
    if (err == 0 && ::fchmod(fd, static_cast<mode_t>(s.mode)) != 0) err = errno;
    ::close(fd);
    if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
    if (err == 0) return;
    ::unlink(tmp.c_str());
    if (err == EPERM)
        throw Error(ErrorKind::refused,
                    fmt::format("cannot give the copy of secret '{}' owner {}:{}: infractl runs as uid {}", s.source,
                                s.uid, s.gid, ::geteuid()),
                    "run infractl as root, or drop uid/gid from the secret so it belongs to root");
    throw file_error("cannot write the copy of secret '" + s.source + "' at", path, err);
}

}  // namespace

std::string secret_files_root() {
    if (on_tmpfs("/run")) return "/run/infractl/secrets";
    if (on_tmpfs("/dev/shm")) return "/dev/shm/infractl/secrets";
    throw Error(ErrorKind::refused, "no tmpfs for secrets: neither /run nor /dev/shm is a tmpfs",
                "mount one (mount -t tmpfs tmpfs /run); infractl never writes a secret to a disk");
}

std::string secret_file_path(const std::string& root, const std::string& stack, const std::string& file_id) {
    return root + "/" + stack + "/" + file_id;
}

std::string secret_file_id_of(const std::string& source) {
    std::size_t at = source.find(kMarker);
    if (at == std::string::npos) return "";
    std::size_t slash = source.rfind('/');
    std::string id = source.substr(slash + 1);
    bool hex = id.size() == 64 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
    return hex ? id : "";
}

void write_secret_files(const std::string& root, const std::string& stack,
                        const std::vector<ContainerSpec::SecretMount>& secrets) {
    if (secrets.empty()) return;
    fs::path r(root);
    private_dir(r.parent_path().string());  // .../infractl
    private_dir(root);
    private_dir(root + "/" + stack);
    for (const auto& s : secrets) {
        std::string path = secret_file_path(root, stack, s.file_id);
        if (!up_to_date(path, s)) write_one(path, s);
    }
}

int prune_secret_files(const std::string& root, const std::string& stack, const std::set<std::string>& in_use) {
    std::string dir = root + "/" + stack;
    int removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string path = it->path().string();
        if (in_use.count(path) || secret_file_id_of(path).empty()) continue;
        if (::unlink(path.c_str()) == 0) ++removed;
    }
    ::rmdir(dir.c_str());  // only when empty
    return removed;
}

}  // namespace infractl
