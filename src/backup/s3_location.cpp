#include "infractl/backup/s3_location.hpp"

#include <fmt/format.h>

#include <cctype>

#include "infractl/core/error.hpp"

namespace infractl {

namespace {

const char* const kPrefix = "s3://";
const char* const kHint = "write s3://BUCKET/KEY, e.g. s3://backups/turfoo/2026-12-02.dump";

bool bucket_char(char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
           c == '.' || c == '-';
}
bool alnum(char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
}

void check_bucket(const std::string& target, const std::string& bucket) {
    bool ok = bucket.size() >= 3 && bucket.size() <= 63 && alnum(bucket.front()) && alnum(bucket.back());
    for (char c : bucket) ok = ok && bucket_char(c);
    if (!ok)
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{}: '{}' is not an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')",
                                target, bucket),
                    kHint);
}

bool unreserved(unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~'; }

}  // namespace

bool is_s3_url(const std::string& target) { return target.rfind(kPrefix, 0) == 0; }

std::optional<S3Location> parse_s3_url(const std::string& target) {
    if (!is_s3_url(target)) return std::nullopt;
    std::string rest = target.substr(5);
    auto slash = rest.find('/');
    if (slash == std::string::npos || slash + 1 == rest.size())
        throw Error(ErrorKind::invalid_input, fmt::format("{}: no object key after the bucket", target),
                    kHint);
    S3Location loc{rest.substr(0, slash), rest.substr(slash + 1)};
    check_bucket(target, loc.bucket);
    if (loc.key.front() == '/')
        throw Error(ErrorKind::invalid_input, fmt::format("{}: the key starts with '/'", target), kHint);
    if (loc.key.size() > 1024)
        throw Error(ErrorKind::invalid_input, fmt::format("{}: the key is longer than 1024 bytes", target),
                    kHint);
    return loc;
}

std::string s3_object_path(const S3Location& loc) {
    std::string out = "/" + loc.bucket + "/";
    for (unsigned char c : loc.key) {
        if (unreserved(c) || c == '/')
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

}  // namespace infractl
