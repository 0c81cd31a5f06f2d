// Network exposure of the bundled example, checked on the real files: under
// dev every published port binds to 127.0.0.1; under prod the data network is
// internal and nothing is published; a service self-hosted in prod that
// publishes on all interfaces from the internal data network is warned about
// unless the topology consents with expose_publicly.
#include <catch2/catch.hpp>

#include "infractl/resolve/resolve.hpp"
#include "infractl/topology/loader.hpp"
#include "infractl/topology/validate.hpp"
#include "support/example.hpp"
#include "support/golden.hpp"

using namespace infractl;

namespace {

const std::string kRoot = INFRACTL_SOURCE_DIR;

using test::no_env;
using test::read_file;

struct Loaded {
    Topology topo;
    Profile profile;
    Diagnostics diags;
    DesiredState desired;
};

Loaded load(const std::string& topology_text, const std::string& profile_text, const std::string& profile_name) {
    Loaded l;
    l.topo = load_topology_text(topology_text, kRoot + "/specs/monorepo.yaml", no_env(), l.diags);
    l.profile = load_profile_text(profile_text, kRoot + "/profiles/" + profile_name + ".yaml", no_env(), l.diags);
    validate_topology(l.topo, l.diags);
    validate_profile(l.topo, l.profile, l.diags);
    if (!l.diags.has_errors()) l.desired = resolve(l.topo, l.profile, {}, l.diags);
    return l;
}

std::vector<std::string> warnings(const Diagnostics& diags) {
    std::vector<std::string> out;
    for (const auto& d : diags.sorted())
        if (d.severity == Severity::warning) out.push_back(d.str());
    return out;
}

// profiles/prod.yaml with minio run by the engine instead of managed.
std::string prod_with_selfhosted_minio() {
    std::string text = read_file(kRoot + "/profiles/prod.yaml");
    const std::string managed = "  minio:\n    managed:\n      endpoint: https://objects.prod.internal\n"
                                "      env: S3_ENDPOINT_URL\n";
    auto at = text.find(managed);
    REQUIRE(at != std::string::npos);
    return text.replace(at, managed.size(), "");
}

}  // namespace

TEST_CASE("dev publishes every port on 127.0.0.1 only", "[exposure][golden]") {
    Loaded l = load(read_file(kRoot + "/specs/monorepo.yaml"), read_file(kRoot + "/profiles/dev.yaml"), "dev");
    REQUIRE_FALSE(l.diags.has_errors());
    int published = 0;
    for (const auto& s : l.desired.services)
        for (const auto& p : s.spec.ports) {
            INFO(s.key.str() << " " << p.host_port << ":" << p.container_port);
            if (p.host_port == 0) continue;
            ++published;
            CHECK(p.host_ip == "127.0.0.1");
        }
    CHECK(published >= 6);  // redis, minio x2, redisinsight, two postgres
}

TEST_CASE("prod: the data network is internal and nothing is published", "[exposure][golden]") {
    Loaded l = load(read_file(kRoot + "/specs/monorepo.yaml"), read_file(kRoot + "/profiles/prod.yaml"), "prod");
    REQUIRE_FALSE(l.diags.has_errors());
    CHECK(warnings(l.diags).empty());
    bool data_internal = false;
    for (const auto& n : l.desired.networks)
        if (n.name == "monorepo_data") data_internal = n.internal;
    CHECK(data_internal);
    for (const auto& s : l.desired.services) {
        INFO(s.key.str());
        CHECK(s.spec.ports.empty());
    }
}

TEST_CASE("prod: a data-network service on all interfaces needs expose_publicly", "[exposure]") {
    std::string topology = read_file(kRoot + "/specs/monorepo.yaml");
    Loaded warned = load(topology, prod_with_selfhosted_minio(), "prod");
    REQUIRE_FALSE(warned.diags.has_errors());
    const std::string file = kRoot + "/specs/monorepo.yaml";
    CHECK(warnings(warned.diags) ==
          std::vector<std::string>{
              file + ":28:13: warning: 'minio' is on internal network 'data' but publishes port 9000 on all "
                     "interfaces (hint: bind it to an address such as 127.0.0.1, or set expose_publicly: true)",
              file + ":28:26: warning: 'minio' is on internal network 'data' but publishes port 9001 on all "
                     "interfaces (hint: bind it to an address such as 127.0.0.1, or set expose_publicly: true)"});
    const std::string ports = "    ports: [\"9000:9000\", \"9001:9001\"]\n";
    auto at = topology.find(ports);
    REQUIRE(at != std::string::npos);
    topology.insert(at + ports.size(), "    expose_publicly: true\n");
    Loaded consented = load(topology, prod_with_selfhosted_minio(), "prod");
    REQUIRE_FALSE(consented.diags.has_errors());
    CHECK(warnings(consented.diags).empty());
}
