#include <catch2/catch.hpp>

#include "infractl/backup/s3_location.hpp"
#include "infractl/backup/s3_store.hpp"
#include "infractl/engine/s3_client.hpp"
#include "support/desired_builders.hpp"
#include "support/error_text.hpp"

using namespace infractl;
using infractl::test::error_text;

TEST_CASE("s3 URLs: bucket and key, or a file path", "[backup]") {
    CHECK_FALSE(parse_s3_url("backup.dump"));
    CHECK_FALSE(parse_s3_url("/tmp/s3:/x"));
    CHECK(parse_s3_url("s3://backups/turfoo/2026-12-02.dump") ==
          S3Location{"backups", "turfoo/2026-12-02.dump"});
    CHECK(parse_s3_url("s3://a.b-c/k")->str() == "s3://a.b-c/k");

    static const struct {
        const char* url;
        const char* error;
    } bad[] = {
        {"s3://backups", "s3://backups: no object key after the bucket"},
        {"s3://backups/", "s3://backups/: no object key after the bucket"},
        {"s3://Backups/k",
         "s3://Backups/k: 'Backups' is not an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')"},
        {"s3://ab/k", "s3://ab/k: 'ab' is not an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')"},
        {"s3://-ab/k", "s3://-ab/k: '-ab' is not an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')"},
        {"s3://a_b/k", "s3://a_b/k: 'a_b' is not an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')"},
        {"s3://bucket//k", "s3://bucket//k: the key starts with '/'"},
    };
    for (const auto& c : bad) {
        INFO(c.url);
        CHECK(error_text([&] { parse_s3_url(c.url); }) ==
              std::string(c.error) + " | write s3://BUCKET/KEY, e.g. s3://backups/turfoo/2026-12-02.dump");
    }
    CHECK(error_text([] {
              parse_s3_url("s3://bucket/" + std::string(1025, 'k'));
          }).starts_with("s3://bucket/kkk"));
}

TEST_CASE("s3 object paths are encoded as SigV4 canonicalises them", "[backup]") {
    CHECK(s3_object_path({"b-1", "a/b c+d~e_f.g"}) == "/b-1/a/b%20c%2Bd~e_f.g");
    CHECK(s3_object_path({"bkt", "t\xc3\xa9st"}) == "/bkt/t%C3%A9st");
}

TEST_CASE("s3 XML answers: element text and the completion body", "[backup]") {
    std::string init =
        "<?xml version=\"1.0\"?><InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>"
        "<UploadId>abc-123</UploadId></InitiateMultipartUploadResult>";
    CHECK(s3_xml_text(init, "UploadId") == "abc-123");
    CHECK(s3_xml_text(init, "Code").empty());
    CHECK(s3_xml_text("<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>", "Code") == "NoSuchKey");
    CHECK(s3_complete_body({"\"e1\"", "\"e2\""}) ==
          "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag></Part>"
          "<Part><PartNumber>2</PartNumber><ETag>\"e2\"</ETag></Part></CompleteMultipartUpload>");
}

namespace {

DesiredState with_minio(std::vector<PortMapping> ports, std::map<std::string, EnvValue> env = {}) {
    DesiredState d;
    d.stack = "monorepo";
    d.profile = "dev";
    DesiredService s = plan_fixtures::service(kGlobalProject, "minio", "minio/minio", 1, false);
    s.spec.ports = std::move(ports);
    s.spec.environment = std::move(env);
    d.services.push_back(s);
    return d;
}

PortMapping port(std::string ip, int host, int container) {
    return PortMapping{std::move(ip), host, container, "tcp", {}};
}

}  // namespace

TEST_CASE("the stack's S3 store: the published port for 9000 and MinIO's credentials", "[backup]") {
    S3Endpoint ep =
        stack_s3_endpoint(with_minio({port("127.0.0.1", 9001, 9001), port("", 9100, 9000)}), "minio");
    CHECK(ep.url == "http://127.0.0.1:9100");
    CHECK(ep.access_key == "minioadmin");
    CHECK(ep.secret_key == "minioadmin");
    CHECK(ep.name == "the S3 store 'minio' (http://127.0.0.1:9100)");

    auto env = std::map<std::string, EnvValue>{{"MINIO_ROOT_USER", {"admin", false, {}}},
                                               {"MINIO_ROOT_PASSWORD", {"s3cret", true, {}}}};
    ep = stack_s3_endpoint(with_minio({port("0.0.0.0", 9000, 9000)}, env), "minio");
    CHECK(ep.url == "http://127.0.0.1:9000");
    CHECK(ep.access_key == "admin");
    CHECK(ep.secret_key == "s3cret");

    CHECK(error_text([] { stack_s3_endpoint(with_minio({port("127.0.0.1", 9001, 9001)}), "minio"); }) ==
          "the S3 store 'minio' publishes no host port for 9000: infractl reaches it through this host | add "
          "a port "
          "such as \"127.0.0.1:9000:9000\" to 'minio'");
    CHECK(error_text([] { stack_s3_endpoint(with_minio({}), "s3"); }) ==
          "the stack 'monorepo' has no global service 's3' to hold backups | the S3 store is the stack's "
          "global 's3' "
          "(choose another with --s3-service)");
    DesiredState managed;
    managed.stack = "monorepo";
    managed.profile = "prod";
    managed.managed.push_back(
        ManagedService{{kGlobalProject, "minio"}, "https://AK%2Fx:s%40cret@s3.example:9443", "S3_URL"});
    ep = stack_s3_endpoint(managed, "minio");
    CHECK(ep.url == "https://s3.example:9443");
    CHECK(ep.access_key == "AK/x");
    CHECK(ep.secret_key == "s@cret");
    CHECK(ep.name == "the S3 store 'minio' (https://s3.example:9443, managed)");
    CHECK(
        error_text([] { managed_s3_endpoint("minio", "https://s3.example"); }) ==
        "the S3 store 'minio' is managed at an endpoint without credentials | write the managed endpoint as "
        "http(s)://ACCESS_KEY:SECRET_KEY@HOST:PORT");
    CHECK(error_text([] { managed_s3_endpoint("minio", "s3://bucket"); }) ==
          "the S3 store 'minio' is managed at an endpoint that is not an http(s) URL | write the managed "
          "endpoint as "
          "http(s)://ACCESS_KEY:SECRET_KEY@HOST:PORT");
}
