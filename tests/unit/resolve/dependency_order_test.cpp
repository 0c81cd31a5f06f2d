#include <catch2/catch.hpp>

#include "infractl/resolve/dependency_order.hpp"

using namespace infractl;

namespace {
std::vector<std::string> names(const std::vector<ServiceKey>& keys, const std::vector<std::size_t>& order) {
    std::vector<std::string> out;
    for (auto i : order) out.push_back(keys[i].str());
    return out;
}
}  // namespace

TEST_CASE("dependency order: ties go globals first - then project - then service", "[resolve][order]") {
    // A project named "0a" sorts before "_global" as a string; the order must still put globals first.
    std::vector<ServiceKey> keys = {{"turfoo", "b"}, {"0a", "x"}, {kGlobalProject, "redis"}, {"turfoo", "a"},
                                    {kGlobalProject, "minio"}};
    std::vector<std::vector<std::size_t>> deps(keys.size());
    CHECK(names(keys, dependency_order(keys, deps)) ==
          std::vector<std::string>{"minio", "redis", "0a/x", "turfoo/a", "turfoo/b"});
}

TEST_CASE("dependency order: every service after what it depends on", "[resolve][order]") {
    std::vector<ServiceKey> keys = {{"a", "worker"}, {"a", "postgres"}, {kGlobalProject, "redis"}, {"a", "beat"},
                                    {"a", "migrate"}};
    std::vector<std::vector<std::size_t>> deps = {{1, 2, 4}, {}, {}, {2}, {1}};
    CHECK(names(keys, dependency_order(keys, deps)) ==
          std::vector<std::string>{"redis", "a/beat", "a/postgres", "a/migrate", "a/worker"});
}

TEST_CASE("dependency order: a global that waits for a later global", "[resolve][order]") {
    std::vector<ServiceKey> keys = {{kGlobalProject, "a"}, {kGlobalProject, "z"}, {"p", "s"}};
    std::vector<std::vector<std::size_t>> deps = {{1}, {}, {}};
    CHECK(names(keys, dependency_order(keys, deps)) == std::vector<std::string>{"z", "a", "p/s"});
}

TEST_CASE("dependency order: a cycle keeps every node", "[resolve][order]") {
    std::vector<ServiceKey> keys = {{"p", "c"}, {"p", "b"}, {"p", "a"}};
    std::vector<std::vector<std::size_t>> deps = {{}, {2}, {1}};
    CHECK(names(keys, dependency_order(keys, deps)) == std::vector<std::string>{"p/c", "p/a", "p/b"});
}
