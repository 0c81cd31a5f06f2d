#include "infractl/app/backup_io.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "infractl/core/error.hpp"

namespace infractl {

namespace {

Error file_error(const std::string& what, const std::string& path, int err) {
    return Error(ErrorKind::invalid_input, fmt::format("cannot {} {}: {}", what, path, std::strerror(err)));
}

std::string directory_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// The temporary of the backup in progress, for the signal handler: Ctrl-C
// or SIGTERM removes it, then ends the process as the signal would have.
char g_tmp_path[4096] = {};
extern "C" void remove_tmp_and_die(int sig) {
    if (g_tmp_path[0] != '\0') ::unlink(g_tmp_path);
    std::signal(sig, SIG_DFL);
    ::raise(sig);
}

class FileSink : public BackupSink {
public:
    explicit FileSink(std::string path)
        : path_(std::move(path)), tmp_(fmt::format("{}.tmp.{}", path_, ::getpid())) {
        fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd_ < 0) throw file_error("write", tmp_, errno);
        if (tmp_.size() < sizeof g_tmp_path) {
            std::memcpy(g_tmp_path, tmp_.c_str(), tmp_.size() + 1);
            std::signal(SIGINT, remove_tmp_and_die);
            std::signal(SIGTERM, remove_tmp_and_die);
        }
    }
    ~FileSink() override {
        if (fd_ >= 0) ::close(fd_);
        if (!committed_) ::unlink(tmp_.c_str());
        g_tmp_path[0] = '\0';
    }
    void write(std::string_view data) override {
        while (!data.empty()) {
            ssize_t n = ::write(fd_, data.data(), data.size());
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw file_error("write", tmp_, errno);
            data.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    void commit() override {
        if (::fsync(fd_) != 0) throw file_error("write", tmp_, errno);
        ::close(fd_);
        fd_ = -1;
        if (::rename(tmp_.c_str(), path_.c_str()) != 0) throw file_error("rename to", path_, errno);
        committed_ = true;
        g_tmp_path[0] = '\0';
        int dfd = ::open(directory_of(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            ::fsync(dfd);
            ::close(dfd);
        }
    }
    std::string describe() const override { return path_; }

private:
    std::string path_, tmp_;
    int fd_ = -1;
    bool committed_ = false;
};

class S3Sink : public BackupSink {
public:
    S3Sink(S3Client& client, S3Location loc, std::size_t part_size)
        : client_(client), loc_(std::move(loc)), part_size_(part_size) {
        buf_.reserve(part_size_);
    }
    ~S3Sink() override {
        if (!committed_ && !upload_id_.empty()) client_.abort_multipart(loc_, upload_id_);
    }
    void write(std::string_view data) override {
        while (!data.empty()) {
            std::size_t take = std::min(data.size(), part_size_ - buf_.size());
            buf_.append(data.substr(0, take));
            data.remove_prefix(take);
            if (buf_.size() == part_size_) flush_part();
        }
    }
    void commit() override {
        if (upload_id_.empty()) {
            client_.put_object(loc_, buf_);
        } else {
            if (!buf_.empty()) flush_part();
            client_.complete_multipart(loc_, upload_id_, etags_);
        }
        committed_ = true;
    }
    std::string describe() const override { return loc_.str(); }

private:
    void flush_part() {
        if (upload_id_.empty()) upload_id_ = client_.create_multipart(loc_);
        etags_.push_back(client_.upload_part(loc_, upload_id_, static_cast<int>(etags_.size()) + 1, buf_));
        buf_.clear();
    }

    S3Client& client_;
    S3Location loc_;
    std::size_t part_size_;
    std::string buf_;
    std::string upload_id_;
    std::vector<std::string> etags_;
    bool committed_ = false;
};

class FileSource : public RestoreSource {
public:
    explicit FileSource(std::string path) : path_(std::move(path)) {
        fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) throw file_error("read", path_, errno);
    }
    ~FileSource() override { ::close(fd_); }
    std::string prefix(std::size_t n) override {
        std::string out(n, '\0');
        ssize_t got = ::pread(fd_, out.data(), n, 0);
        if (got < 0) throw file_error("read", path_, errno);
        out.resize(static_cast<std::size_t>(got));
        return out;
    }
    void pump(const std::function<bool(std::string_view)>& feed) override {
        std::vector<char> buf(256 * 1024);
        off_t at = 0;
        while (true) {
            ssize_t n = ::pread(fd_, buf.data(), buf.size(), at);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw file_error("read", path_, errno);
            if (n == 0) return;
            at += n;
            if (!feed(std::string_view(buf.data(), static_cast<std::size_t>(n)))) return;
        }
    }
    std::string describe() const override { return path_; }

private:
    std::string path_;
    int fd_ = -1;
};

// Thrown from the download's sink to stop it when the restore ended early.
struct StopFeeding {};

class S3Source : public RestoreSource {
public:
    S3Source(S3Client& client, S3Location loc) : client_(client), loc_(std::move(loc)) {}
    std::string prefix(std::size_t n) override { return client_.get_prefix(loc_, n); }
    void pump(const std::function<bool(std::string_view)>& feed) override {
        try {
            client_.get_object(loc_, [&](std::string_view chunk) {
                if (!feed(chunk)) throw StopFeeding{};
            });
        } catch (const StopFeeding&) {
        }
    }
    std::string describe() const override { return loc_.str(); }

private:
    S3Client& client_;
    S3Location loc_;
};

}  // namespace

std::unique_ptr<BackupSink> file_sink(const std::string& path) { return std::make_unique<FileSink>(path); }
std::unique_ptr<BackupSink> s3_sink(S3Client& client, S3Location loc, std::size_t part_size) {
    return std::make_unique<S3Sink>(client, std::move(loc), part_size);
}
std::unique_ptr<RestoreSource> file_source(const std::string& path) {
    return std::make_unique<FileSource>(path);
}
std::unique_ptr<RestoreSource> s3_source(S3Client& client, S3Location loc) {
    return std::make_unique<S3Source>(client, std::move(loc));
}

std::size_t s3_part_size() {
    constexpr std::size_t kMin = 5 * 1024 * 1024;
    const char* v = std::getenv("INFRACTL_S3_PART_SIZE");
    if (v == nullptr || *v == '\0') return 8 * 1024 * 1024;
    std::size_t n = std::strtoull(v, nullptr, 10);
    return n < kMin ? kMin : n;
}

}  // namespace infractl
