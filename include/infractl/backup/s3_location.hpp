#pragma once
// Where `backup --to` and `restore --from` point: a file path or an object
// of the stack's S3 store, written `s3://BUCKET/KEY`. Pure.
#include <optional>
#include <string>

namespace infractl {

struct S3Location {
    std::string bucket;
    std::string key;  // never empty, no leading '/'
    std::string str() const { return "s3://" + bucket + "/" + key; }
    friend bool operator==(const S3Location&, const S3Location&) = default;
};

// True when `target` starts with "s3://" (anything else is a file path).
bool is_s3_url(const std::string& target);

// Parses "s3://BUCKET/KEY". nullopt for a file path. Throws
// Error(invalid_input) naming what is wrong for an s3:// URL that is not a
// valid bucket and key: the bucket as S3 names them (3-63 characters of
// a-z, 0-9, '.', '-', starting and ending with a letter or digit), a key
// that is not empty and at most 1024 bytes.
std::optional<S3Location> parse_s3_url(const std::string& target);

// The path of the object in a path-style request: "/bucket/k%20ey", each
// key segment percent-encoded as SigV4 canonicalises it (unreserved
// characters and '/' kept), so the signed path and the sent path agree.
std::string s3_object_path(const S3Location& loc);

}  // namespace infractl
