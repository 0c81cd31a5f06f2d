#include <catch2/catch.hpp>

#include "infractl/scale/prometheus_text.hpp"
#include "support/desired_builders.hpp"

using namespace infractl;
using plan_fixtures::bare_service;

TEST_CASE("metrics: the Prometheus text exposition of what advise reads") {
    DesiredState d;
    auto redis = bare_service(kGlobalProject, "redis", 1);
    redis.global = true;
    auto worker = bare_service("turfoo", "celery-worker", 2);
    Autoscale a;
    a.queue = "turfoo";
    worker.autoscale = a;
    d.services = {redis, worker};

    ServiceMetrics r;
    r.key = redis.key;
    r.running = 1;
    r.memory_used = 1048576;
    r.evicted_keys = 3;
    ServiceMetrics w;
    w.key = worker.key;
    w.running = 2;
    w.cpu_percent = 25;
    w.queue_length = 450;

    CHECK(prometheus_text(d, {r, w}) ==
          "# HELP infractl_service_replicas_desired Replicas the desired state asks for.\n"
          "# TYPE infractl_service_replicas_desired gauge\n"
          "infractl_service_replicas_desired{project=\"\",service=\"redis\",global=\"true\"} 1\n"
          "infractl_service_replicas_desired{project=\"turfoo\",service=\"celery-worker\"} 2\n"
          "# HELP infractl_service_replicas_running Replicas running now.\n"
          "# TYPE infractl_service_replicas_running gauge\n"
          "infractl_service_replicas_running{project=\"\",service=\"redis\",global=\"true\"} 1\n"
          "infractl_service_replicas_running{project=\"turfoo\",service=\"celery-worker\"} 2\n"
          "# HELP infractl_service_cpu_ratio CPU in use, mean over replicas; 1 is one CPU.\n"
          "# TYPE infractl_service_cpu_ratio gauge\n"
          "infractl_service_cpu_ratio{project=\"turfoo\",service=\"celery-worker\"} 0.25\n"
          "# HELP infractl_service_memory_bytes Memory in use by the largest replica.\n"
          "# TYPE infractl_service_memory_bytes gauge\n"
          "infractl_service_memory_bytes{project=\"\",service=\"redis\",global=\"true\"} 1048576\n"
          "# HELP infractl_celery_queue_length Tasks of the Celery queue: every priority list plus the unacked "
          "tasks workers hold.\n"
          "# TYPE infractl_celery_queue_length gauge\n"
          "infractl_celery_queue_length{project=\"turfoo\",service=\"celery-worker\",queue=\"turfoo\"} 450\n"
          "# HELP infractl_redis_evicted_keys_total Keys Redis evicted since it started.\n"
          "# TYPE infractl_redis_evicted_keys_total counter\n"
          "infractl_redis_evicted_keys_total{project=\"\",service=\"redis\",global=\"true\"} 3\n");
}

TEST_CASE("metrics: the Redis triggers, with the eviction rate as a gauge beside the total") {
    DesiredState d;
    auto redis = bare_service(kGlobalProject, "redis", 1);
    redis.global = true;
    d.services = {redis};
    ServiceMetrics r;
    r.key = redis.key;
    r.running = 1;
    r.evicted_keys = 40;
    r.evicted_per_second = 2.5;
    r.redis_used_memory = 471859200;
    r.redis_ops_per_second = 1520;
    std::string text = prometheus_text(d, {r});
    const std::string labels = "{project=\"\",service=\"redis\",global=\"true\"} ";
    CHECK(text.find("# TYPE infractl_redis_evicted_keys_per_second gauge\n"
                    "infractl_redis_evicted_keys_per_second" + labels + "2.5\n") != std::string::npos);
    CHECK(text.find("# TYPE infractl_redis_used_memory_bytes gauge\n"
                    "infractl_redis_used_memory_bytes" + labels + "471859200\n") != std::string::npos);
    CHECK(text.find("# TYPE infractl_redis_ops_per_second gauge\n"
                    "infractl_redis_ops_per_second" + labels + "1520\n") != std::string::npos);
    CHECK(text.find("infractl_redis_evicted_keys_total" + labels + "40\n") != std::string::npos);
}

TEST_CASE("metrics: label values are escaped") {
    CHECK(prometheus_label_value("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
}
