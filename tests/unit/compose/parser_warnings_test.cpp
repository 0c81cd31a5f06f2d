// One compose snippet per row: the exact warnings (or errors under strict)
// that an unsupported key gets, and the values the parser keeps.
#include <catch2/catch.hpp>

#include "infractl/compose/compose_parser.hpp"

using namespace infractl;

namespace {

std::string diagnostics_of(const std::string& text, compose::Unsupported mode = compose::Unsupported::warn) {
    Diagnostics diags;
    compose::parse_compose_text(text, "c.yml", mode, diags);
    std::string out;
    for (const auto& d : diags.sorted()) out += d.str() + "\n";
    return out;
}

compose::File parse(const std::string& text) {
    Diagnostics diags;
    auto f = compose::parse_compose_text(text, "/p/c.yml", compose::Unsupported::warn, diags);
    REQUIRE(f);
    return *f;
}

}  // namespace

TEST_CASE("unsupported compose keys are located warnings with a hint", "[compose]") {
    static const struct {
        const char* text;
        const char* expected;
    } cases[] = {
        {"services:\n  a:\n    image: x\n    expose: [80]\n",
         "c.yml:4:5: warning: compose key 'expose' is not supported (hint: containers on a shared network reach every "
         "port; publish with 'ports:')\n"},
        {"services:\n  a:\n    image: x\n    deploy:\n      placement: {constraints: []}\n",
         "c.yml:5:7: warning: compose key 'deploy.placement' is not supported (hint: a swarm setting; infractl's "
         "Docker backend does not use it)\n"},
        {"services:\n  a:\n    image: x\nnetworks:\n  n:\n    external: true\n",
         "c.yml:6:5: warning: compose key 'networks.n.external' is not supported (hint: infractl creates and owns its "
         "networks ({stack}_{key}); an external network cannot be joined)\n"},
        {"services:\n  a:\n    image: x\n    networks:\n      n: {aliases: [b]}\n",
         "c.yml:5:11: warning: compose key 'networks.n.aliases' is not supported (hint: a service's alias is its key "
         "(globals) or {project}-{service})\n"},
        {"services:\n  a:\n    image: x\n    volumes: [/data]\n",
         "c.yml:4:15: warning: compose anonymous volume '/data' is not supported (hint: name it, e.g. data:/data)\n"},
        {"services:\n  a:\n    image: x\n    x-note: fine\nx-common: {}\n", ""},
        {"services:\n  a:\n    image: x\n    privileged: true\n",
         "c.yml:4:5: warning: compose key 'privileged' is not supported (hint: infractl does not set this on "
         "containers; drop it, or bake it into the image)\n"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(diagnostics_of(c.text) == c.expected);
    }
}

TEST_CASE("an unsupported key is an error under --strict", "[compose]") {
    CHECK(diagnostics_of("services:\n  a:\n    image: x\n    tty: true\n", compose::Unsupported::error) ==
          "c.yml:4:5: compose key 'tty' is not supported (hint: infractl does not set this on containers; drop it, "
          "or bake it into the image)\n");
}

TEST_CASE("ports and volumes in every syntax become the topology's short forms", "[compose]") {
    compose::File f = parse(R"(services:
  a:
    image: x
    ports:
      - 80
      - "127.0.0.1::81/udp"
      - {target: 82, published: 8082, host_ip: 127.0.0.1}
      - {target: 83, host_ip: "::1"}
      - "9000-9001:9100-9101"
      - "${PORT:-8080}:80"
    volumes:
      - data:/data:ro
      - ./conf:/etc/x
      - {type: bind, source: ../shared, target: /shared, read_only: true}
)");
    std::vector<std::string> ports;
    for (const auto& p : f.services[0].ports) ports.push_back(p.value);
    CHECK(ports == std::vector<std::string>{"80", "127.0.0.1::81/udp", "127.0.0.1:8082:82", "[::1]::83",
                                            "9000:9100", "9001:9101", "${PORT:-8080}:80"});
    const auto& v = f.services[0].volumes;
    REQUIRE(v.size() == 3);
    CHECK((!v[0].bind && v[0].source == "data" && v[0].read_only));
    CHECK((v[1].bind && v[1].source == "/p/conf" && v[1].target == "/etc/x"));
    CHECK((v[2].bind && v[2].source == "/shared" && v[2].read_only));
}
