#include "infractl/engine/s3_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cctype>
#include <exception>
#include <memory>

#include "infractl/core/error.hpp"
#include "infractl/core/sha256.hpp"

namespace infractl {

namespace {

struct Request {
    std::string method = "GET";
    std::string path;   // "/bucket/key"
    std::string query;  // "uploads=" or "partNumber=1&uploadId=..." (already encoded)
    std::string_view body;
    bool has_body = false;
    std::vector<std::string> headers;
    const std::function<void(std::string_view)>* sink = nullptr;  // streamed answer body
};

struct Answer {
    long status = 0;
    std::string body;
    std::string etag;
};

struct Receive {
    Answer* answer;
    const std::function<void(std::string_view)>* sink;
    std::exception_ptr error;  // what the sink threw, rethrown after perform
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* r = static_cast<Receive*>(user);
    std::string_view chunk(data, size * n);
    // A refusal's XML body is small: keep it, do not hand it to the sink.
    if (r->sink != nullptr && r->answer->status < 300) {
        try {
            (*r->sink)(chunk);
        } catch (...) {
            r->error = std::current_exception();
            return 0;  // aborts the transfer
        }
    } else if (r->answer->body.size() < 64 * 1024) {
        r->answer->body.append(chunk);
    }
    return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* r = static_cast<Receive*>(user);
    std::string_view line(data, size * n);
    if (line.starts_with("HTTP/")) {
        auto sp = line.find(' ');
        if (sp != std::string_view::npos)
            r->answer->status = std::atol(std::string(line.substr(sp + 1, 3)).c_str());
    }
    std::string lower(line.substr(0, 5));
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "etag:") {
        std::string v(line.substr(5));
        while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.pop_back();
        while (!v.empty() && v.front() == ' ') v.erase(0, 1);
        r->answer->etag = v;
    }
    return size * n;
}

using CurlPtr = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using ListPtr = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

Answer perform(const S3Endpoint& ep, const Request& rq, const std::string& what) {
    CurlPtr curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) throw Error(ErrorKind::internal, "libcurl could not create a handle");
    std::string url = ep.url + rq.path + (rq.query.empty() ? "" : "?" + rq.query);
    std::string sigv4 = "aws:amz:" + ep.region + ":s3";
    std::string userpwd = ep.access_key + ":" + ep.secret_key;
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4.c_str());
    curl_easy_setopt(h, CURLOPT_USERPWD, userpwd.c_str());
    ListPtr headers(nullptr, &curl_slist_free_all);
    std::vector<std::string> hs = rq.headers;
    hs.emplace_back("Expect:");
    // libcurl 7.88 signs the payload's hash but does not send it; S3 and
    // MinIO require the header (and check it against the body).
    hs.emplace_back("x-amz-content-sha256: " + sha256_hex(rq.body));
    if (rq.has_body) hs.emplace_back("Content-Type: application/octet-stream");
    for (const auto& line : hs) headers.reset(curl_slist_append(headers.release(), line.c_str()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    if (rq.method == "HEAD") {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (rq.has_body) {
        // POSTFIELDS (with the method set apart) rather than an upload
        // callback: libcurl then hashes the payload it signs.
        // Never a null pointer, which libcurl reads as "no body" (an empty PUT of a bucket).
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq.body.empty() ? "" : rq.body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(rq.body.size()));
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, rq.method.c_str());
    } else if (rq.method != "GET") {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, rq.method.c_str());
    }
    Answer answer;
    Receive recv{&answer, rq.sink, {}};
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &recv);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &recv);
    CURLcode rc = curl_easy_perform(h);
    if (recv.error) std::rethrow_exception(recv.error);
    if (rc != CURLE_OK)
        throw Error(ErrorKind::engine_unavailable,
                    fmt::format("{}: cannot reach {}: {}", what, ep.name, curl_easy_strerror(rc)),
                    "start the store with `infractl up`; `infractl status` shows its port");
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
    return answer;
}

Error refusal(const Answer& a, const std::string& what, const S3Endpoint& ep) {
    std::string code = s3_xml_text(a.body, "Code");
    std::string message = s3_xml_text(a.body, "Message");
    std::string detail =
        code.empty() ? fmt::format("HTTP {}", a.status) : fmt::format("{} ({})", code, message);
    ErrorKind kind = a.status == 404 ? ErrorKind::not_found : ErrorKind::server_error;
    return Error(kind, fmt::format("{}: {} answered {}", what, ep.name, detail));
}

}  // namespace

std::string s3_xml_text(std::string_view xml, std::string_view element) {
    std::string open = fmt::format("<{}>", element), close = fmt::format("</{}>", element);
    auto a = xml.find(open);
    if (a == std::string_view::npos) return "";
    a += open.size();
    auto b = xml.find(close, a);
    if (b == std::string_view::npos) return "";
    return std::string(xml.substr(a, b - a));
}

std::string s3_complete_body(const std::vector<std::string>& etags) {
    std::string body = "<CompleteMultipartUpload>";
    for (std::size_t i = 0; i < etags.size(); ++i)
        body += fmt::format("<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>", i + 1, etags[i]);
    return body + "</CompleteMultipartUpload>";
}

void S3Client::ensure_bucket(const std::string& bucket) {
    std::string what = fmt::format("S3 bucket '{}'", bucket);
    Answer head = perform(ep_, {.method = "HEAD", .path = "/" + bucket}, what);
    if (head.status < 300) return;
    if (head.status != 404) throw refusal(head, what, ep_);
    Answer made = perform(ep_, {.method = "PUT", .path = "/" + bucket, .has_body = true}, "create " + what);
    // 409 BucketAlreadyOwnedByYou: another backup made it in between.
    if (made.status >= 300 && made.status != 409) throw refusal(made, "create " + what, ep_);
}

void S3Client::put_object(const S3Location& loc, std::string_view body) {
    std::string what = "S3 PUT " + loc.str();
    Answer a =
        perform(ep_, {.method = "PUT", .path = s3_object_path(loc), .body = body, .has_body = true}, what);
    if (a.status >= 300) throw refusal(a, what, ep_);
}

std::string S3Client::create_multipart(const S3Location& loc) {
    std::string what = "S3 multipart upload of " + loc.str();
    // "uploads=", not "uploads": libcurl 7.88 signs a bare key without the
    // '=' that S3's canonical query has (the SigV4 check of the e2e test
    // caught it); with it, both sides canonicalise alike.
    Answer a = perform(
        ep_, {.method = "POST", .path = s3_object_path(loc), .query = "uploads=", .has_body = true}, what);
    if (a.status >= 300) throw refusal(a, what, ep_);
    std::string id = s3_xml_text(a.body, "UploadId");
    if (id.empty()) throw Error(ErrorKind::malformed_response, what + ": the answer has no UploadId");
    return id;
}

std::string S3Client::upload_part(const S3Location& loc, const std::string& upload_id, int part,
                                  std::string_view body) {
    std::string what = fmt::format("S3 upload of part {} of {}", part, loc.str());
    char* id = curl_easy_escape(nullptr, upload_id.c_str(), static_cast<int>(upload_id.size()));
    std::string query = fmt::format("partNumber={}&uploadId={}", part, id ? id : "");
    curl_free(id);
    Answer a = perform(
        ep_, {.method = "PUT", .path = s3_object_path(loc), .query = query, .body = body, .has_body = true},
        what);
    if (a.status >= 300) throw refusal(a, what, ep_);
    if (a.etag.empty()) throw Error(ErrorKind::malformed_response, what + ": the answer has no ETag");
    return a.etag;
}

void S3Client::complete_multipart(const S3Location& loc, const std::string& upload_id,
                                  const std::vector<std::string>& etags) {
    std::string what = "S3 completion of " + loc.str();
    char* id = curl_easy_escape(nullptr, upload_id.c_str(), static_cast<int>(upload_id.size()));
    std::string query = fmt::format("uploadId={}", id ? id : "");
    curl_free(id);
    std::string body = s3_complete_body(etags);
    Answer a = perform(
        ep_, {.method = "POST", .path = s3_object_path(loc), .query = query, .body = body, .has_body = true},
        what);
    // S3 may answer 200 with an <Error> body when the completion failed late.
    if (a.status >= 300 || !s3_xml_text(a.body, "Code").empty()) throw refusal(a, what, ep_);
}

void S3Client::abort_multipart(const S3Location& loc, const std::string& upload_id) noexcept {
    try {
        char* id = curl_easy_escape(nullptr, upload_id.c_str(), static_cast<int>(upload_id.size()));
        std::string query = fmt::format("uploadId={}", id ? id : "");
        curl_free(id);
        perform(ep_, {.method = "DELETE", .path = s3_object_path(loc), .query = query},
                "S3 abort of " + loc.str());
    } catch (...) {
    }
}

std::string S3Client::get_prefix(const S3Location& loc, std::size_t n) {
    std::string what = "S3 GET " + loc.str();
    std::string got;
    std::function<void(std::string_view)> sink = [&](std::string_view c) {
        got.append(c.substr(0, n - std::min(n, got.size())));
    };
    Answer a = perform(
        ep_,
        {.path = s3_object_path(loc), .headers = {fmt::format("Range: bytes=0-{}", n - 1)}, .sink = &sink},
        what);
    // 416: the object is empty (no byte 0).
    if (a.status == 416) return "";
    if (a.status >= 300) throw refusal(a, what, ep_);
    return got;
}

void S3Client::get_object(const S3Location& loc, const std::function<void(std::string_view)>& sink) {
    std::string what = "S3 GET " + loc.str();
    Answer a = perform(ep_, {.path = s3_object_path(loc), .sink = &sink}, what);
    if (a.status >= 300) throw refusal(a, what, ep_);
}

}  // namespace infractl
