#pragma once
// The stack's own object store as `backup --to s3://` reaches it: a global
// service (default `minio`) that infractl runs, its credentials from its
// environment (MINIO_ROOT_USER / MINIO_ROOT_PASSWORD, MinIO's defaults
// minioadmin/minioadmin), reached through the port it publishes for 9000 on
// this host (127.0.0.1 when it binds every address). Pure.
#include <string>

#include "infractl/backup/s3_location.hpp"
#include "infractl/resolve/desired_state.hpp"

namespace infractl {

struct S3Endpoint {
    std::string url;  // "http://127.0.0.1:9000"
    std::string access_key;
    std::string secret_key;  // never printed
    std::string region = "us-east-1";
    std::string name;  // for messages: "the S3 store 'minio' (http://127.0.0.1:9000)"
};

inline constexpr const char* kDefaultS3Service = "minio";
inline constexpr int kS3ContainerPort = 9000;

// Throws Error(refused) with a hint when the stack has no such global, when
// the profile disables it, or when it publishes no host port for 9000. A
// global the profile makes managed is its endpoint (managed_s3_endpoint).
S3Endpoint stack_s3_endpoint(const DesiredState& desired, const std::string& service);

// A managed store's endpoint with its credentials in the URL,
// "http(s)://ACCESS_KEY:SECRET_KEY@HOST:PORT" (percent-encoded as URLs
// are); the credentials are taken out of the URL that requests go to.
// Throws Error(refused) for another scheme or a URL without credentials.
S3Endpoint managed_s3_endpoint(const std::string& service, const std::string& endpoint);

}  // namespace infractl
