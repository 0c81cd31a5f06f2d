#pragma once
// Where a backup's bytes go and a restore's come from: a file (written as a
// temporary beside it and renamed at the end, so a failed backup never
// leaves a truncated file under the final name) or an S3 object (multipart
// upload in parts held in memory, so a backup never touches the host's
// disk; downloads streamed).
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "infractl/backup/s3_location.hpp"
#include "infractl/engine/s3_client.hpp"

namespace infractl {

class BackupSink {
public:
    virtual ~BackupSink() = default;  // without commit(): nothing is left under the name
    virtual void write(std::string_view data) = 0;
    // Makes the whole backup visible under its name (rename, or complete the upload).
    virtual void commit() = 0;
    virtual std::string describe() const = 0;  // "backup.dump", "s3://b/k"
};

class RestoreSource {
public:
    virtual ~RestoreSource() = default;
    // The first `n` bytes (the archive's magic), read before anything else.
    virtual std::string prefix(std::size_t n) = 0;
    // Every byte from the start, in chunks; stops early when `feed` returns false.
    virtual void pump(const std::function<bool(std::string_view)>& feed) = 0;
    virtual std::string describe() const = 0;
};

// Opens the temporary file now (so a directory that cannot be written fails
// before pg_dump runs). Errors: Error(invalid_input) naming the path.
std::unique_ptr<BackupSink> file_sink(const std::string& path);
// Parts of `part_size` bytes (S3's minimum is 5 MiB); a backup smaller than
// one part is one PUT. The bucket must exist (S3Client::ensure_bucket).
std::unique_ptr<BackupSink> s3_sink(S3Client& client, S3Location loc, std::size_t part_size);

std::unique_ptr<RestoreSource> file_source(const std::string& path);
std::unique_ptr<RestoreSource> s3_source(S3Client& client, S3Location loc);

// The part size of S3 uploads: 8 MiB, or INFRACTL_S3_PART_SIZE bytes (at
// least 5 MiB), which the tests set to make a small dump multipart.
std::size_t s3_part_size();

}  // namespace infractl
