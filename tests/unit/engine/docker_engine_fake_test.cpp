// DockerEngine and HttpClient against a scripted server: what a healthy
// dockerd will not do on demand.
#include <catch2/catch.hpp>

#include "fake_engine_server.hpp"
#include "infractl/engine/docker_engine.hpp"

using namespace infractl;
using infractl::testing::FakeEngineServer;
using infractl::testing::http_answer;
using infractl::testing::ping_answer;

namespace {

const std::string kInspect =
    R"({"Id":"c0ffee","Name":"/st-web","Config":{"Image":"web:1","Labels":{"io.infractl.stack":"st"}},)"
    R"("State":{"Status":"created"}})";

}  // namespace

TEST_CASE("http: idempotent requests retry on 503 and dropped connections", "[engine]") {
    FakeEngineServer server({http_answer(503, "{}"), "", http_answer(200, R"({"ok":true})")});
    HttpClient http(server.socket_path());
    HttpResponse r = http.send({.target = "/info"});
    CHECK(r.status == 200);
    CHECK(r.body == R"({"ok":true})");
    CHECK(server.requests() == std::vector<std::string>{"GET /v1.41/info", "GET /v1.41/info", "GET /v1.41/info"});
}

TEST_CASE("http: non-idempotent requests are not sent twice", "[engine]") {
    FakeEngineServer server({http_answer(503, "{}")});
    HttpClient http(server.socket_path());
    HttpResponse r = http.send({.method = "POST", .target = "/containers/create", .retry = Retry::never});
    CHECK(r.status == 503);
    CHECK(server.requests().size() == 1);
}

TEST_CASE("engine: the API version follows the daemon - Podman is recognised", "[engine]") {
    // /info and /version go out in parallel and the fake answers in arrival
    // order: one body that serves as either answer keeps the test order-free.
    const char* either = R"({"NCPU":4,"MemTotal":1000,"Swarm":{"LocalNodeState":"inactive"},"Version":"4.3.1"})";
    FakeEngineServer server({ping_answer("1.52", "Libpod-Api-Version: 4.3.1\r\n"), http_answer(200, either),
                             http_answer(200, either)});
    DockerEngine e(server.socket_path());
    EngineInfo info = e.info();
    CHECK(info.api_version == "1.44");
    CHECK(info.podman);
    CHECK(info.ncpu == 4);
    CHECK_FALSE(info.swarm_active);
    auto reqs = server.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[0] == "GET /_ping");
    CHECK((reqs[1] == "GET /v1.44/info" || reqs[2] == "GET /v1.44/info"));
}

TEST_CASE("engine: a create whose answer is lost adopts the container by name and label", "[engine]") {
    FakeEngineServer server({ping_answer(), "", http_answer(200, kInspect)});
    DockerEngine e(server.socket_path());
    ContainerSpec spec;
    spec.image = "web:1";
    spec.labels = {{"io.infractl.stack", "st"}};
    CHECK(e.create_container("st-web", spec) == "c0ffee");
    CHECK(server.requests() ==
          std::vector<std::string>{"GET /_ping", "POST /v1.41/containers/create?name=st-web", "GET /v1.41/containers/st-web/json"});
}

TEST_CASE("engine: a lost create answer is not papered over when the name holds someone else's container",
          "[engine]") {
    FakeEngineServer server({ping_answer(), "", http_answer(200, kInspect)});
    DockerEngine e(server.socket_path());
    ContainerSpec spec;
    spec.labels = {{"io.infractl.stack", "other"}};
    try {
        e.create_container("st-web", spec);
        FAIL("must throw");
    } catch (const Error& err) {
        CHECK(err.kind() == ErrorKind::engine_unavailable);
        CHECK_THAT(err.what(), Catch::Contains("failed during POST /containers/create?name=st-web"));
    }
}

TEST_CASE("engine: truncated or non-JSON answers are malformed_response", "[engine]") {
    FakeEngineServer server({ping_answer(), http_answer(200, R"({"Id":"c0ffee","Na)"), http_answer(200, "<html>")});
    DockerEngine e(server.socket_path());
    for (int i = 0; i < 2; ++i) {
        try {
            e.inspect_container("x");
            FAIL("must throw");
        } catch (const Error& err) {
            CHECK(err.kind() == ErrorKind::malformed_response);
            CHECK_THAT(err.what(), Catch::StartsWith("inspect container 'x': the engine's answer is not valid JSON"));
        }
    }
}

TEST_CASE("engine: a pull answered 200 with an in-band error fails with the engine's text", "[engine]") {
    std::string stream = R"({"status":"Pulling from team/app"})" "\n"
                         R"({"status":"Downloading","progressDetail":{"current":1,"total":2}})" "\n"
                         R"({"errorDetail":{"message":"unauthorized"},"error":"unauthorized"})" "\n";
    FakeEngineServer server({ping_answer(), http_answer(200, stream)});
    DockerEngine e(server.socket_path());
    std::vector<std::string> seen;
    try {
        e.pull_image("host:5000/team/app", [&](const PullProgress& p) { seen.push_back(p.status); });
        FAIL("must throw");
    } catch (const Error& err) {
        CHECK(std::string(err.what()) == "pull 'host:5000/team/app': unauthorized");
    }
    CHECK(seen == std::vector<std::string>{"Pulling from team/app", "Downloading"});
    CHECK(server.requests().back() == "POST /v1.41/images/create?fromImage=host%3A5000%2Fteam%2Fapp&tag=latest");
}
