// Create by name, repeated after a dropped connection: found by the fault
// proxy tests (tests/e2e/reliability_faults_test.cpp), where a create that
// never reached the engine used to fail the whole `up`.
#include <catch2/catch.hpp>

#include "fake_engine_server.hpp"
#include "infractl/engine/docker_engine.hpp"

using namespace infractl;
using infractl::testing::FakeEngineServer;
using infractl::testing::http_answer;
using infractl::testing::ping_answer;

namespace {

ContainerSpec spec_of(const std::string& stack) {
    ContainerSpec spec;
    spec.image = "web:1";
    spec.labels = {{"io.infractl.stack", stack}};
    return spec;
}

const std::string kInspect =
    R"({"Id":"c0ffee","Name":"/st-web","Config":{"Image":"web:1","Labels":{"io.infractl.stack":"st"}},)"
    R"("State":{"Status":"created"}})";

}  // namespace

TEST_CASE("engine: a create lost before it reached the engine is sent again", "[engine]") {
    FakeEngineServer server({ping_answer(), "", http_answer(404, R"({"message":"No such container: st-web"})"),
                             http_answer(201, R"({"Id":"beef"})")});
    DockerEngine e(server.socket_path());
    CHECK(e.create_container("st-web", spec_of("st")) == "beef");
    CHECK(server.requests() == std::vector<std::string>{"GET /_ping", "POST /v1.41/containers/create?name=st-web",
                                                        "GET /v1.41/containers/st-web/json",
                                                        "POST /v1.41/containers/create?name=st-web"});
}

TEST_CASE("engine: a repeated create answered 409 adopts our container", "[engine]") {
    FakeEngineServer server({ping_answer(), "", http_answer(404, R"({"message":"No such container: st-web"})"),
                             http_answer(409, R"({"message":"Conflict. The container name is already in use"})"),
                             http_answer(200, kInspect)});
    DockerEngine e(server.socket_path());
    CHECK(e.create_container("st-web", spec_of("st")) == "c0ffee");
}

TEST_CASE("engine: a create dropped every time gives up after kCreateAttempts", "[engine]") {
    std::vector<std::string> script{ping_answer()};
    for (int i = 0; i < kCreateAttempts; ++i) {
        script.push_back("");
        script.push_back(http_answer(404, R"({"message":"No such container: st-web"})"));
    }
    FakeEngineServer server(script);
    DockerEngine e(server.socket_path());
    try {
        e.create_container("st-web", spec_of("st"));
        FAIL("must throw");
    } catch (const Error& err) {
        CHECK(err.kind() == ErrorKind::engine_unavailable);
        CHECK_THAT(err.what(), Catch::Contains("failed during POST /containers/create?name=st-web"));
    }
    CHECK(server.requests().size() == 1 + 2 * static_cast<std::size_t>(kCreateAttempts));
}
