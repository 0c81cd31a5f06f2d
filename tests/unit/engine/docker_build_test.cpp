// POST /build: the query and the answer's stream lines.
#include <catch2/catch.hpp>

#include "infractl/engine/docker_build.hpp"

using namespace infractl;

TEST_CASE("build stream lines give output, in-band errors and the image id", "[engine][build]") {
    CHECK(parse_build_line(R"({"stream":"Step 1/2 : FROM x\n"})").output == "Step 1/2 : FROM x");
    BuildStreamLine err = parse_build_line(
        R"({"errorDetail":{"code":1,"message":"The command '/bin/sh -c false' returned a non-zero code: 1"},"error":"x"})");
    CHECK(err.error == "The command '/bin/sh -c false' returned a non-zero code: 1");
    CHECK(parse_build_line(R"({"error":"no such image"})").error == "no such image");
    CHECK(parse_build_line(R"({"aux":{"ID":"sha256:abc"}})").image_id == "sha256:abc");
    BuildStreamLine junk = parse_build_line("not json");
    CHECK((junk.output.empty() && junk.error.empty() && junk.image_id.empty()));
}

TEST_CASE("the build query carries tag, dockerfile, target, args and labels encoded", "[engine][build]") {
    ImageBuildRequest r;
    r.tag = "infractl-build/p-w:abc";
    r.dockerfile = "sub/Dockerfile";
    CHECK(build_query(r) == "?t=infractl-build%2Fp-w%3Aabc&dockerfile=sub%2FDockerfile&rm=1&forcerm=1&version=1");
    r.target = "prod";
    r.args = {{"A", "1 2"}};
    r.labels = {{"k", "v"}};
    CHECK(build_query(r) ==
          "?t=infractl-build%2Fp-w%3Aabc&dockerfile=sub%2FDockerfile&rm=1&forcerm=1&version=1&target=prod"
          "&buildargs=%7B%22A%22%3A%221%202%22%7D&labels=%7B%22k%22%3A%22v%22%7D");
}
