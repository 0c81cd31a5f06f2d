// The seed's numbers, typed by hand from ../shared/seed/infrastructure-scalability.md
// ("Scaling Decision Matrix" and "Resource Allocation Guidelines"), against
// what specs/monorepo.yaml resolves to with profiles/{dev,staging,prod}.yaml.
// The goldens only show that the output did not change; this shows that it
// is what the seed asks for. Each row quotes the seed line it comes from.
#include <catch2/catch.hpp>

#include "infractl/resolve/read_replicas.hpp"

#include <algorithm>
#include <map>

#include "support/example.hpp"

using namespace infractl;

namespace {

enum class Fate { runs, managed, disabled };

constexpr double kUnbounded = 0;  // no CPU limit or reservation
constexpr long kNoMemory = 0;     // no memory limit or reservation
constexpr int kNoMax = 0;         // "N+": no upper bound from the seed

// Per project: the row holds for turfoo and for order alike.
const char* const kProjects[] = {"turfoo", "order"};

// clang-format off
// One row a service, the seed's line under it.
static const struct {
    const char* profile;
    const char* service;  // a global's name, or a per-project service (checked in every project)
    bool per_project;
    Fate fate;
    int min_replicas, max_replicas;  // of a running service; the seed gives ranges ("2-3", "5+")
    double cpus;                     // limit, in CPUs
    long memory_mib;                 // limit
    double reserved_cpus;            // the seed names no reservations: see the one row that has them
    long reserved_mib;
    int read_replicas;
    int autoscale_min, autoscale_max;  // 0 = not checked (the seed gives none for that row)
    const char* seed;
} cases[] = {
    // Development
    {"dev", "redis", false, Fate::runs, 1, 1, 0.25, 512, kUnbounded, kNoMemory, 0, 0, 0,
     "Redis: 512MB, 0.25 CPU | Redis: Dev 1 instance"},
    {"dev", "minio", false, Fate::runs, 1, 1, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "MinIO: Unbounded (uses ~200MB) | MinIO: Dev 1 instance"},
    {"dev", "redisinsight", false, Fate::runs, 1, 1, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "RedisInsight: Unbounded (uses ~200MB) | RedisInsight: Dev 1 instance"},
    // The seed gives dev PostgreSQL limits only; the 0.25 CPU / 512M floor is
    // profiles/dev.yaml's own (docs/topology.md), kept below the seed's limit.
    {"dev", "postgres", true, Fate::runs, 1, 1, 0.5, 1024, 0.25, 512, 0, 0, 0,
     "PostgreSQL: 1GB, 0.5 CPU | PostgreSQL: Dev 1/project"},
    {"dev", "celery-worker", true, Fate::runs, 1, 1, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Celery Worker: Unbounded | Celery Worker: Dev 1/project"},
    {"dev", "celery-beat", true, Fate::runs, 1, 1, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Celery Beat: Unbounded | Celery Beat: Dev 1/project"},
    // Monitoring: the seed's Phase 1 is staging's; off elsewhere.
    {"dev", "prometheus", false, Fate::disabled, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring (Prometheus + Grafana)"},
    {"dev", "infractl-exporter", false, Fate::disabled, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring"},
    {"dev", "redis-exporter", false, Fate::disabled, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring"},
    {"dev", "postgres-exporter", true, Fate::disabled, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring"},

    // Staging
    {"staging", "redis", false, Fate::runs, 1, 1, 1, 2048, kUnbounded, kNoMemory, 0, 0, 0,
     "Redis: 2GB, 1 CPU (or managed) | Redis: Staging 1 instance"},
    {"staging", "minio", false, Fate::runs, 1, 1, 1, 4096, kUnbounded, kNoMemory, 0, 0, 0,
     "MinIO: 4GB, 1 CPU (or S3) | MinIO: Staging 1 instance"},
    {"staging", "redisinsight", false, Fate::disabled, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "RedisInsight: Remove (the matrix says Optional; the guidelines decide)"},
    {"staging", "postgres", true, Fate::runs, 1, 1, 2, 4096, kUnbounded, kNoMemory, 1, 0, 0,
     "PostgreSQL: 4GB, 2 CPU + 1 read replica | PostgreSQL: Staging 1/project"},
    // CPU: the seed gives none for workers.
    {"staging", "celery-worker", true, Fate::runs, 2, 3, kUnbounded, 1024, kUnbounded, kNoMemory, 0, 2, 3,
     "Celery Workers: 2-3 instances @ 1GB each | Celery Worker: Staging 2+/project"},
    {"staging", "celery-beat", true, Fate::runs, 1, 1, kUnbounded, 512, kUnbounded, kNoMemory, 0, 0, 0,
     "Celery Beat: 1 instance @ 512MB | Celery Beat: Staging 1/project"},
    // The seed names Prometheus but no sizes: the limits are profiles/staging.yaml's own.
    {"staging", "prometheus", false, Fate::runs, 1, 1, 0.25, 512, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring (Prometheus + Grafana) | RedisInsight: Replace with proper monitoring (Prometheus, Grafana)"},
    {"staging", "infractl-exporter", false, Fate::runs, 1, 1, 0.25, 128, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring"},
    {"staging", "redis-exporter", false, Fate::runs, 1, 1, 0.1, 64, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring"},
    {"staging", "postgres-exporter", true, Fate::runs, 1, 1, 0.1, 64, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring"},

    // Production
    {"prod", "redis", false, Fate::managed, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Redis: AWS ElastiCache (managed) | Redis: Production Cluster/Managed"},
    {"prod", "minio", false, Fate::managed, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "MinIO: AWS S3 (managed) | MinIO: Production Distributed/S3"},
    {"prod", "redisinsight", false, Fate::disabled, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "RedisInsight: Remove | RedisInsight: Production Remove"},
    // The read replicas are RDS's: a managed service runs nothing here.
    {"prod", "postgres", true, Fate::managed, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "PostgreSQL: AWS RDS (managed) + read replicas"},
    {"prod", "celery-worker", true, Fate::runs, 5, kNoMax, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 5, 0,
     "Celery Workers: 5+ instances (auto-scale) | Celery Worker: Production 3+/project"},
    {"prod", "celery-beat", true, Fate::runs, 1, 1, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Celery Beat: 1 instance (HA with Kubernetes) | Celery Beat: Production 1/project, Never horizontal"},
    // Monitoring: off until a production profile turns it on (docs/scaling.md).
    {"prod", "prometheus", false, Fate::disabled, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring (Prometheus + Grafana)"},
    {"prod", "infractl-exporter", false, Fate::disabled, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring"},
    {"prod", "redis-exporter", false, Fate::disabled, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring"},
    {"prod", "postgres-exporter", true, Fate::disabled, 0, 0, kUnbounded, kNoMemory, kUnbounded, kNoMemory, 0, 0, 0,
     "Phase 1: Staging ... 4. Add monitoring"},
};
// clang-format on

std::optional<NanoCpus> cpus(double n) {
    if (n == kUnbounded) return std::nullopt;
    return NanoCpus{static_cast<std::int64_t>(n * 1e9 + 0.5)};
}

std::optional<Bytes> mib(long n) {
    if (n == kNoMemory) return std::nullopt;
    return Bytes{static_cast<std::int64_t>(n) << 20};
}

bool listed(const std::vector<ServiceKey>& keys, const ServiceKey& key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool managed(const DesiredState& d, const ServiceKey& key) {
    return std::any_of(d.managed.begin(), d.managed.end(),
                       [&](const ManagedService& m) { return m.key == key; });
}

template <class Row>
void check_service(const DesiredState& d, const ServiceKey& key, const Row& c) {
    INFO(c.profile << " " << key.str() << " | seed: " << c.seed);
    const DesiredService* s = d.find(key);
    CHECK(managed(d, key) == (c.fate == Fate::managed));
    CHECK(listed(d.disabled, key) == (c.fate == Fate::disabled));
    if (c.fate != Fate::runs) {
        CHECK(s == nullptr);
        return;
    }
    REQUIRE(s != nullptr);
    CHECK(s->replicas >= c.min_replicas);
    if (c.max_replicas != kNoMax) CHECK(s->replicas <= c.max_replicas);
    CHECK(s->containers.size() == static_cast<std::size_t>(s->replicas));
    CHECK(s->spec.cpu_limit == cpus(c.cpus));
    CHECK(s->spec.memory_limit == mib(c.memory_mib));
    CHECK(s->spec.cpu_reservation == cpus(c.reserved_cpus));
    CHECK(s->spec.memory_reservation == mib(c.reserved_mib));
    CHECK(s->read_replicas == c.read_replicas);
    if (c.autoscale_min != 0) {
        REQUIRE(s->autoscale);
        CHECK(s->autoscale->min == c.autoscale_min);
        if (c.autoscale_max != 0) CHECK(s->autoscale->max == c.autoscale_max);
    }
    // Every replica runs what the service says (the engine sees the containers, not the template).
    for (const auto& container : s->containers) {
        CHECK(container.spec.cpu_limit == s->spec.cpu_limit);
        CHECK(container.spec.memory_limit == s->spec.memory_limit);
    }
}

}  // namespace

TEST_CASE("seed: every service's fate - replicas and resources per profile, typed from the seed",
          "[resolve][seed]") {
    std::map<std::string, DesiredState> resolved;
    for (const char* profile : {"dev", "staging", "prod"}) resolved[profile] = test::resolve_example(profile);
    std::map<std::string, int> rows;
    for (const auto& c : cases) {
        const DesiredState& d = resolved.at(c.profile);
        ++rows[c.profile];
        if (!c.per_project) {
            check_service(d, ServiceKey{kGlobalProject, c.service}, c);
            continue;
        }
        for (const char* project : kProjects) check_service(d, ServiceKey{project, c.service}, c);
    }
    // Six services of the seed per profile (3 global, 3 per project) and its
    // Phase 1 monitoring (3 global, 1 per project), none forgotten.
    CHECK(rows == std::map<std::string, int>{{"dev", 10}, {"staging", 10}, {"prod", 10}});
}

TEST_CASE("seed: nothing runs that the seed does not list", "[resolve][seed]") {
    for (const char* profile : {"dev", "staging", "prod"}) {
        INFO("profile " << profile);
        DesiredState d = test::resolve_example(profile);
        REQUIRE_FALSE(d.services.empty());
        for (const auto& s : d.services) {
            INFO(s.key.str());
            if (is_read_replica_service(s)) {  // the seed's "+ 1 read replica" of its PostgreSQL row
                const std::string primary = s.key.service.substr(0, s.key.service.size() - 8);
                const DesiredService* p = d.find(ServiceKey{s.key.project, primary});
                CHECK((p != nullptr && p->read_replicas > 0));
                continue;
            }
            bool in_table = std::any_of(std::begin(cases), std::end(cases), [&](const auto& c) {
                return std::string(c.profile) == profile && c.service == s.key.service &&
                       c.fate == Fate::runs && c.per_project == !s.global;
            });
            CHECK(in_table);
        }
    }
}
