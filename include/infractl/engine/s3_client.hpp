#pragma once
// The S3 API of the stack's object store (MinIO, or the s3rver stand-in of
// images/s3), as `backup --to s3://` and `restore --from s3://` use it:
// path-style requests signed by libcurl (CURLOPT_AWS_SIGV4; no signing code
// here), bucket create, single and multipart uploads, ranged and streamed
// downloads. Every body that is sent is in memory (a part at most), so
// libcurl hashes the payload it signs.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "infractl/backup/s3_store.hpp"

namespace infractl {

// Errors: Error(engine_unavailable) "cannot reach <name>: <libcurl's
// reason>" when no answer comes (exit 69, like an engine that is down);
// Error(not_found) for a missing key or bucket; Error(server_error) with the
// store's own <Code> and <Message> for any other refusal.
class S3Client {
public:
    explicit S3Client(S3Endpoint endpoint) : ep_(std::move(endpoint)) {}

    // HEAD the bucket; PUT it when it does not exist.
    void ensure_bucket(const std::string& bucket);
    void put_object(const S3Location& loc, std::string_view body);

    std::string create_multipart(const S3Location& loc);  // the UploadId
    // Returns the part's ETag, for complete_multipart.
    std::string upload_part(const S3Location& loc, const std::string& upload_id, int part,
                            std::string_view body);
    void complete_multipart(const S3Location& loc, const std::string& upload_id,
                            const std::vector<std::string>& etags);
    // Best effort (a failed backup's parts): errors are swallowed.
    void abort_multipart(const S3Location& loc, const std::string& upload_id) noexcept;

    // Bytes [0, n) of the object (fewer when it is shorter).
    std::string get_prefix(const S3Location& loc, std::size_t n);
    // The whole object, handed to `sink` as it arrives.
    void get_object(const S3Location& loc, const std::function<void(std::string_view)>& sink);

    const S3Endpoint& endpoint() const { return ep_; }

private:
    S3Endpoint ep_;
};

// The element's text in an S3 XML answer ("<UploadId>x</UploadId>" -> "x");
// "" when absent. S3's answers are flat enough for this; no XML parser.
std::string s3_xml_text(std::string_view xml, std::string_view element);
// The body of CompleteMultipartUpload for parts 1..N with these ETags.
std::string s3_complete_body(const std::vector<std::string>& etags);

}  // namespace infractl
