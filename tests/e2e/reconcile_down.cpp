// issue 3: `down` removes only this stack's objects, dependents first; volumes
// only with --volumes; `down --project P` keeps the globals others still use.
#include <catch2/catch.hpp>

#include "reconcile_support.hpp"

using namespace infractl::e2e;
using namespace infractl::e2e::rc;

namespace {

constexpr const char* kStack = "e2e-rc-down";

std::vector<RcService> down_services() {
    RcService cache{.key = "cache", .volumes = {"cache-data:/data"}};
    RcService a{.key = "app", .project = "rcdown-a", .volumes = {"files:/files"}, .depends_on = {"cache"}};
    RcService b{.key = "app", .project = "rcdown-b", .volumes = {"files:/files"}, .depends_on = {"cache"}};
    return {cache, a, b};
}

// The container names of the DELETE /containers/{id} calls in a -vv log, in order.
std::vector<std::string> deleted_containers(const std::string& log, const std::map<std::string, std::string>& by_id) {
    std::vector<std::string> out;
    for (const auto& l : mutating_calls(log)) {
        auto at = l.find("/containers/");
        if (l.find("engine DELETE ") == std::string::npos || at == std::string::npos) continue;
        std::string id = l.substr(at + 12, 64);
        out.push_back(by_id.count(id) ? by_id.at(id) : id);
    }
    return out;
}

}  // namespace

TEST_CASE("reconcile: down --project keeps globals - down keeps volumes - down --volumes removes them",
          "[e2e][reconcile]") {
    StackGuard other("e2e-rc-down-other");
    RcStack st(kStack, {"net"}, down_services());
    REQUIRE(st.run({"up"}).exit_code == 0);
    // An object of another stack on the side: down must not see it.
    REQUIRE(docker({"volume", "create", "--label", "io.infractl.stack=e2e-rc-down-other", "e2e-rc-down-other_keep"})
                .exit_code == 0);
    std::map<std::string, std::string> by_id;
    for (const auto& n : stack_containers(kStack)) by_id[container_id(n)] = n;

    RunResult pa = st.run({"down", "--project", "rcdown-a", "-vv"});
    INFO(pa.str());
    REQUIRE(pa.exit_code == 0);
    CHECK(deleted_containers(pa.err, by_id) == std::vector<std::string>{"rcdown-a-app-1"});
    CHECK(stack_containers(kStack) == std::vector<std::string>{"e2e-rc-down-cache", "rcdown-b-app-1"});
    CHECK(stack_networks(kStack) == std::vector<std::string>{"e2e-rc-down_net"});
    CHECK(stack_volumes(kStack).size() == 3);

    REQUIRE(st.run({"up"}).exit_code == 0);
    for (const auto& n : stack_containers(kStack)) by_id[container_id(n)] = n;
    RunResult all = st.run({"down", "-vv"});
    INFO(all.str());
    REQUIRE(all.exit_code == 0);
    auto order = deleted_containers(all.err, by_id);
    REQUIRE(order.size() == 3);
    CHECK(order.back() == "e2e-rc-down-cache");  // the dependency goes last
    CHECK(stack_containers(kStack).empty());
    CHECK(stack_networks(kStack).empty());
    CHECK(stack_volumes(kStack) == std::vector<std::string>{"e2e-rc-down_cache-data", "e2e-rc-down_rcdown-a_files",
                                                            "e2e-rc-down_rcdown-b_files"});

    RunResult vols = st.run({"down", "--volumes"});
    INFO(vols.str());
    REQUIRE(vols.exit_code == 0);
    CHECK(stack_volumes(kStack).empty());
    CHECK(stack_volumes("e2e-rc-down-other") == std::vector<std::string>{"e2e-rc-down-other_keep"});
}

TEST_CASE("reconcile: the last project's down takes the globals with it", "[e2e][reconcile]") {
    RcStack st(kStack, {"net"}, down_services());
    REQUIRE(st.run({"up"}).exit_code == 0);
    REQUIRE(st.run({"down", "--project", "rcdown-a"}).exit_code == 0);
    RunResult b = st.run({"down", "--project", "rcdown-b"});
    INFO(b.str());
    REQUIRE(b.exit_code == 0);
    CHECK(stack_containers(kStack).empty());
    CHECK(stack_volumes(kStack).size() == 3);
}
