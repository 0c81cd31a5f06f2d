#pragma once
// Hand-built topologies and profiles, so resolve is tested without the YAML
// loader: a small copy of the monorepo example.
#include "infractl/topology/profile.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl::test {

inline Location at(int line, const char* file = "profiles/test.yaml") { return Location{file, line, 5}; }

inline Service service(const std::string& name, const std::string& image) {
    Service s;
    s.name = name;
    s.image = image;
    return s;
}

inline Mount volume_mount(const std::string& source, const std::string& target) {
    Mount m;
    m.source = source;
    m.target = target;
    return m;
}

inline Dependency depends(const std::string& name, DependCondition c = DependCondition::service_started) {
    Dependency d;
    d.service = name;
    d.condition = c;
    return d;
}

inline PortMapping port(int host, int container, const std::string& ip = "") {
    PortMapping p;
    p.host_ip = ip;
    p.host_port = host;
    p.container_port = container;
    return p;
}

inline Project project(const std::string& name, int pg_port) {
    Project p;
    p.name = name;
    Service pg = service("postgres", "postgres:16");
    pg.singleton = true;
    pg.singleton_reason = "one primary per project";
    pg.environment["POSTGRES_DB"] = EnvValue{name + "_db", false, {}};
    pg.environment["POSTGRES_PASSWORD"] = EnvValue{"dev", true, {}};
    pg.volumes.push_back(volume_mount("pgdata", "/var/lib/postgresql/data"));
    pg.ports.push_back(port(pg_port, 5432));
    Service worker = service("celery-worker", name + ":latest");
    worker.command = std::vector<std::string>{"celery", "-A", name + ".celery_app", "worker"};
    worker.depends_on = {depends("redis", DependCondition::service_healthy),
                         depends("postgres", DependCondition::service_healthy)};
    worker.max_replicas = 10;
    Service beat = service("celery-beat", name + ":latest");
    beat.singleton = true;
    beat.singleton_reason = "multiple beat instances cause duplicate scheduled tasks";
    beat.depends_on = {depends("redis")};
    p.services = {pg, worker, beat};
    return p;
}

inline Topology monorepo() {
    Topology t;
    t.file = "specs/test.yaml";
    t.stack = "monorepo";
    t.networks.push_back(Network{"net", false, "bridge", {}});
    Service redis = service("redis", "redis:7-alpine");
    redis.volumes.push_back(volume_mount("redis-data", "/data"));
    redis.ports.push_back(port(6379, 6379, "127.0.0.1"));
    Service minio = service("minio", "minio/minio");
    minio.volumes.push_back(volume_mount("minio-data", "/data"));
    Service insight = service("redisinsight", "redis/redisinsight");
    insight.ports.push_back(port(5540, 5540));
    t.globals = {redis, minio, insight};
    t.projects = {project("turfoo", 5433), project("order", 5434)};
    return t;
}

inline ServicePatch patch(const std::string& name) {
    ServicePatch p;
    p.name = name;
    return p;
}

inline Profile dev_profile() {
    Profile p;
    p.file = "profiles/test.yaml";
    p.name = "dev";
    p.default_host_ip = "127.0.0.1";
    return p;
}

}  // namespace infractl::test
