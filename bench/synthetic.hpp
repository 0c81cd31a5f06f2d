#pragma once
// Synthetic topologies for benchmarks and stress tests: `projects` projects of
// `per_project` services each (a postgres, then workers that depend on it and
// on a global redis), plus three globals. Every project's postgres publishes
// its own host port so the result validates.
#include <string>

#include <fmt/format.h>

namespace infractl::bench {

inline std::string synthetic_topology(int projects, int per_project) {
    std::string y = "version: 1\nstack: synth\nnetworks:\n  net: {}\n  data: {internal: false}\nglobals:\n";
    y += "  redis:\n    image: redis:7-alpine\n    volumes: [\"redis-data:/data\"]\n"
         "    healthcheck: {test: [\"CMD\", \"redis-cli\", \"ping\"], interval: 5s}\n";
    y += "  minio:\n    image: minio/minio\n    command: server /data\n    volumes: [\"minio-data:/data\"]\n";
    y += "  insight:\n    image: redis/redisinsight\n    depends_on: [redis]\n";
    y += "projects:\n";
    for (int p = 0; p < projects; ++p) {
        y += fmt::format("  p{}:\n    services:\n", p);
        y += fmt::format(
            "      postgres:\n        image: postgres:16\n        singleton: true\n"
            "        environment: {{POSTGRES_DB: p{0}_db, POSTGRES_PASSWORD: \"${{P{0}_PW:-dev}}\"}}\n"
            "        ports: [\"127.0.0.1:{1}:5432\"]\n        volumes: [\"pgdata:/var/lib/postgresql/data\"]\n"
            "        healthcheck: {{test: pg_isready, interval: 5s, retries: 5}}\n"
            "        resources: {{limits: {{cpus: 0.5, memory: 1G}}, reservations: {{memory: 256M}}}}\n",
            p, 10000 + p);
        for (int s = 1; s < per_project; ++s)
            y += fmt::format(
                "      worker-{1}:\n        image: p{0}:latest\n"
                "        command: [\"celery\", \"-A\", \"p{0}.app\", \"worker\", \"-Q\", \"q{1}\"]\n"
                "        environment:\n          CELERY_BROKER_URL: redis://redis:6379/0\n"
                "          DATABASE_URL: postgresql://p{0}@p{0}-postgres:5432/p{0}_db\n"
                "        depends_on:\n          redis: {{condition: service_healthy}}\n"
                "          postgres: {{condition: service_healthy}}\n"
                "        max_replicas: 10\n        stop_grace_period: 30s\n",
                p, s);
    }
    return y;
}

// Two replicas of every worker and tighter limits on postgres, so the
// profile merge has work to do.
inline std::string synthetic_profile(int per_project) {
    std::string y = "version: 1\nprofile: bench\ndefault_host_ip: 127.0.0.1\nproject_defaults:\n  services:\n";
    y += "    postgres:\n      resources: {limits: {memory: 2G}}\n";
    for (int s = 1; s < per_project; ++s) y += fmt::format("    worker-{}: {{replicas: 2}}\n", s);
    return y;
}

}  // namespace infractl::bench
