#include <catch2/catch.hpp>

#include "support/topology_builders.hpp"
#include "infractl/resolve/merge.hpp"

using namespace infractl;
using namespace infractl::test;

TEST_CASE("merge: scalars replace and take the patch's location", "[resolve][merge]") {
    Service s = service("celery-worker", "turfoo:latest");
    ServicePatch p = patch("celery-worker");
    p.replicas = 3;
    p.replicas_loc = at(12);
    p.pull_policy = PullPolicy::never;
    p.max_replicas = 8;
    p.read_replicas = 2;
    apply_patch(s, p);
    CHECK(s.replicas == 3);
    CHECK(s.replicas_loc == at(12));
    CHECK(s.pull_policy == PullPolicy::never);
    CHECK(s.max_replicas == 8);
    CHECK(s.read_replicas == 2);
    CHECK(s.enabled);
}

TEST_CASE("merge: environment merges key by key - patch wins", "[resolve][merge]") {
    Service s = service("x", "img");
    s.environment["A"] = EnvValue{"topology", false, {}};
    s.environment["B"] = EnvValue{"kept", false, {}};
    ServicePatch p = patch("x");
    p.environment["A"] = EnvValue{"profile", false, at(3)};
    p.environment["C"] = EnvValue{"added", true, at(4)};
    apply_patch(s, p);
    REQUIRE(s.environment.size() == 3);
    CHECK(s.environment["A"].value == "profile");
    CHECK(s.environment["B"].value == "kept");
    CHECK(s.environment["C"].secret);
}

TEST_CASE("merge: resources merge field by field", "[resolve][merge]") {
    Service s = service("x", "img");
    s.resources.cpu_limit = NanoCpus{500'000'000};
    s.resources.memory_limit = Bytes{1 << 30};
    s.resources.memory_reservation = Bytes{512 << 20};
    ServicePatch p = patch("x");
    p.resources.memory_limit = Bytes{4LL << 30};
    p.resources.memory_limit_loc = at(9);
    apply_patch(s, p);
    CHECK(s.resources.cpu_limit == NanoCpus{500'000'000});
    CHECK(s.resources.memory_limit == Bytes{4LL << 30});
    CHECK(s.resources.memory_limit_loc == at(9));
    CHECK(s.resources.memory_reservation == Bytes{512 << 20});
    CHECK_FALSE(s.resources.cpu_reservation);
}

TEST_CASE("merge: networks replace the whole list", "[resolve][merge]") {
    Service s = service("x", "img");
    s.networks = {"net", "other"};
    ServicePatch p = patch("x");
    p.networks = std::vector<std::string>{"data"};
    apply_patch(s, p);
    CHECK(s.networks == std::vector<std::string>{"data"});
}

TEST_CASE("merge: project patch beats project_defaults beats topology", "[resolve][merge]") {
    Service s = service("celery-worker", "turfoo:latest");
    s.environment["LEVEL"] = EnvValue{"topology", false, {}};
    Profile prof = dev_profile();
    ServicePatch defaults = patch("celery-worker");
    defaults.replicas = 2;
    defaults.environment["LEVEL"] = EnvValue{"defaults", false, {}};
    defaults.resources.memory_limit = Bytes{1 << 30};
    prof.project_defaults.push_back(defaults);
    ServicePatch turfoo = patch("celery-worker");
    turfoo.replicas = 5;
    prof.projects["turfoo"].push_back(turfoo);

    Service t = merge_project_service(s, "turfoo", prof);
    CHECK(t.replicas == 5);
    CHECK(t.environment["LEVEL"].value == "defaults");
    CHECK(t.resources.memory_limit == Bytes{1 << 30});

    Service o = merge_project_service(s, "order", prof);
    CHECK(o.replicas == 2);
}

TEST_CASE("merge: globals take only profile.globals", "[resolve][merge]") {
    Service redis = service("redis", "redis:7-alpine");
    Profile prof = dev_profile();
    ServicePatch off = patch("redis");
    off.enabled = false;
    prof.project_defaults.push_back(off);  // a project default never touches a global
    CHECK(merge_global(redis, prof).enabled);
    prof.globals.push_back(off);
    CHECK_FALSE(merge_global(redis, prof).enabled);
}

TEST_CASE("merge: profile networks change internal or add networks", "[resolve][merge]") {
    Topology t = monorepo();
    Profile prof = dev_profile();
    prof.networks.push_back(NetworkPatch{"net", at(2), true});
    prof.networks.push_back(NetworkPatch{"data", at(3), std::nullopt});
    auto nets = merge_networks(t, prof);
    REQUIRE(nets.size() == 2);
    CHECK(nets[0].name == "net");
    CHECK(nets[0].internal);
    CHECK(nets[1].name == "data");
    CHECK_FALSE(nets[1].internal);
    CHECK(nets[1].driver == "bridge");
}
