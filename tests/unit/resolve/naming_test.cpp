#include <catch2/catch.hpp>

#include "infractl/resolve/naming.hpp"
#include "infractl/topology/topology.hpp"

using namespace infractl;

TEST_CASE("naming: engine object names", "[resolve][naming]") {
    CHECK(service_base_name("monorepo", kGlobalProject, "redis", true) == "monorepo-redis");
    CHECK(service_base_name("monorepo", "turfoo", "celery-worker", false) == "turfoo-celery-worker");
    CHECK(container_name("turfoo-celery-worker", true, 1) == "turfoo-celery-worker-1");
    CHECK(container_name("turfoo-celery-worker", true, 12) == "turfoo-celery-worker-12");
    CHECK(container_name("turfoo-celery-beat", false, 1) == "turfoo-celery-beat");
    CHECK(network_engine_name("monorepo", "net") == "monorepo_net");
    CHECK(volume_engine_name("monorepo", "turfoo", "pgdata", false) == "monorepo_turfoo_pgdata");
    CHECK(volume_engine_name("monorepo", "turfoo", "shared", true) == "monorepo_shared");
    CHECK(network_alias(kGlobalProject, "redis", true) == "redis");
    CHECK(network_alias("turfoo", "postgres", false) == "turfoo-postgres");
}

TEST_CASE("naming: default env name of a managed endpoint", "[resolve][naming]") {
    CHECK(default_managed_env("redis") == "REDIS_URL");
    CHECK(default_managed_env("minio") == "MINIO_URL");
    CHECK(default_managed_env("celery-broker") == "CELERY_BROKER_URL");
    CHECK(default_managed_env("pg_2") == "PG_2_URL");
}
