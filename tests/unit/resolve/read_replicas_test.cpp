// PostgreSQL read replicas resolved from the example's staging profile (one
// replica per project) and from small topologies: names, labels, per-replica
// volumes and slots, the dependants' read URL, and the located errors.
#include <catch2/catch.hpp>

#include "infractl/plan/diff.hpp"
#include "infractl/resolve/read_replicas.hpp"
#include "infractl/resolve/resolve.hpp"
#include "infractl/scale/scale_request.hpp"
#include "infractl/topology/loader.hpp"
#include "infractl/topology/service_checks.hpp"
#include "infractl/topology/validate.hpp"
#include "support/example.hpp"

using namespace infractl;

namespace {

const DesiredService& find(const DesiredState& d, const std::string& project, const std::string& service) {
    const DesiredService* s = d.find(ServiceKey{project, service});
    REQUIRE(s != nullptr);
    return *s;
}

std::string env(const ContainerSpec& spec, const std::string& key) {
    auto it = spec.environment.find(key);
    return it == spec.environment.end() ? "<unset>" : it->second.value;
}

std::vector<std::string> errors_of(const std::string& topology) {
    Diagnostics diags;
    Topology topo = load_topology_text(topology, "t.yaml", test::no_env(), diags);
    if (!diags.has_errors()) validate_topology(topo, diags);
    std::vector<std::string> out;
    for (const auto& d : diags.sorted())
        if (d.severity == Severity::error) out.push_back(d.str());
    return out;
}

}  // namespace

TEST_CASE("read replicas: staging runs one streaming replica per project", "[resolve][replicas]") {
    DesiredState d = test::resolve_example("staging");
    const DesiredService& primary = find(d, "turfoo", "postgres");
    const DesiredService& r = find(d, "turfoo", "postgres-replica");
    CHECK(primary.spec.labels.at(label::role) == "primary");
    CHECK(env(primary.spec, "INFRACTL_REPLICATION_USER") == "infractl_replicator");
    REQUIRE(r.containers.size() == 1);
    const DesiredContainer& c = r.containers[0];
    CHECK(c.name == "turfoo-postgres-replica-1");
    CHECK(c.spec.labels.at(label::role) == "replica");
    CHECK(c.spec.labels.at(label::service) == "postgres-replica");
    CHECK(env(c.spec, "INFRACTL_PRIMARY_HOST") == "turfoo-postgres");
    CHECK(env(c.spec, "INFRACTL_REPLICATION_SLOT") == "infractl_replica_1");
    CHECK(c.spec.network_alias == "turfoo-postgres-replica");
    CHECK(c.spec.networks == primary.spec.networks);
    CHECK(c.spec.ports.empty());  // the primary's fixed host port stays the primary's
    REQUIRE(c.spec.mounts.size() == 1);
    CHECK(c.spec.mounts[0].source == "monorepo_turfoo_pgdata-replica-1");
    CHECK(c.spec.secrets.size() == primary.spec.secrets.size());
    REQUIRE(r.depends_on.size() == 1);
    CHECK(r.depends_on[0].target == primary.key);
    CHECK(r.depends_on[0].condition == DependCondition::service_healthy);
    CHECK_FALSE(r.singleton);
    bool has_volume = false;
    for (const auto& v : d.volumes) has_volume |= v.name == "monorepo_turfoo_pgdata-replica-1";
    CHECK(has_volume);
}

TEST_CASE("read replicas: dependants get DATABASE_READ_URL on the replicas' alias", "[resolve][replicas]") {
    DesiredState d = test::resolve_example("staging");
    const DesiredService& w = find(d, "turfoo", "celery-worker");
    CHECK(env(w.spec, "DATABASE_URL") == "postgresql://turfoo:dev@turfoo-postgres:5432/turfoo_db");
    CHECK(env(w.spec, "DATABASE_READ_URL") == "postgresql://turfoo:dev@turfoo-postgres-replica:5432/turfoo_db");
    // dev has no replicas: no read URL, no role label.
    DesiredState dev = test::resolve_example("dev");
    CHECK(env(find(dev, "turfoo", "celery-worker").spec, "DATABASE_READ_URL") == "<unset>");
    CHECK(find(dev, "turfoo", "postgres").spec.labels.count(label::role) == 0);
    CHECK(dev.find(ServiceKey{"turfoo", "postgres-replica"}) == nullptr);
}

TEST_CASE("read replicas: URL rewriting", "[resolve][replicas]") {
    std::set<std::string> hosts{"turfoo-postgres", "postgres"};
    static const struct {
        const char* url;
        const char* want;  // "" = not rewritten
    } cases[] = {
        {"postgresql://u:p@turfoo-postgres:5432/db", "postgresql://u:p@turfoo-postgres-replica:5432/db"},
        {"postgres://turfoo-postgres/db?sslmode=disable", "postgres://turfoo-postgres-replica/db?sslmode=disable"},
        {"postgresql://u:p%40x@postgres", "postgresql://u:p%40x@turfoo-postgres-replica"},
        {"postgresql://u:p@other-db:5432/db", ""},
        {"redis://turfoo-postgres:6379/0", ""},
        {"turfoo-postgres:5432", ""},
    };
    for (const auto& c : cases) {
        INFO(c.url);
        auto got = read_url(c.url, hosts, "turfoo-postgres-replica");
        if (*c.want) {
            REQUIRE(got);
            CHECK(*got == c.want);
        } else {
            CHECK_FALSE(got);
        }
    }
}

TEST_CASE("read replicas: which images are PostgreSQL and which major they run", "[resolve][replicas]") {
    CHECK(is_postgres_image("postgres:16"));
    CHECK(is_postgres_image("postgres"));
    CHECK(is_postgres_image("infractl-local/postgres:15-r3"));
    CHECK(is_postgres_image("bitnami/postgresql:15.4.0"));
    CHECK(is_postgres_image("registry:5000/library/postgres@sha256:abc"));
    CHECK_FALSE(is_postgres_image("redis:7-alpine"));
    CHECK_FALSE(is_postgres_image("postgres-exporter:1"));
    CHECK(postgres_major("postgres:16") == 16);
    CHECK(postgres_major("infractl-local/postgres:15-r3") == 15);
    CHECK(postgres_major("postgres:14.9-bookworm") == 14);
    CHECK_FALSE(postgres_major("postgres"));
    CHECK_FALSE(postgres_major("postgres:latest"));
    CHECK_FALSE(postgres_major("registry:5000/postgres"));
}

TEST_CASE("read replicas: scaling adds numbered replicas, each with its own volume and slot", "[resolve][replicas]") {
    DesiredState d = test::resolve_example("staging");
    Overrides overrides;
    apply_scale_requests(d, parse_scale_requests("turfoo", {"postgres-replica=3"}), overrides);
    const DesiredService& r = find(d, "turfoo", "postgres-replica");
    REQUIRE(r.containers.size() == 3);
    CHECK(r.containers[2].name == "turfoo-postgres-replica-3");
    CHECK(r.containers[2].spec.mounts[0].source == "monorepo_turfoo_pgdata-replica-3");
    CHECK(env(r.containers[2].spec, "INFRACTL_REPLICATION_SLOT") == "infractl_replica_3");
    // One hash for every replica: the per-replica values are not part of it.
    CHECK(r.containers[0].spec.labels.at(label::config_hash) == r.containers[2].spec.labels.at(label::config_hash));
    int volumes = 0;
    for (const auto& v : d.volumes) volumes += v.name.rfind("monorepo_turfoo_pgdata-replica-", 0) == 0;
    CHECK(volumes == 3);
    // The primary stays a singleton.
    CHECK_THROWS_WITH(check_scale_requests(d, parse_scale_requests("turfoo", {"postgres=2"})),
                      Catch::Contains("one primary per project: scale reads with read_replicas"));
}

TEST_CASE("read replicas: located errors", "[resolve][replicas]") {
    const std::string head = "version: 1\nstack: s\nprojects:\n  p:\n    services:\n";
    CHECK(errors_of(head + "      cache:\n        image: redis:7\n        read_replicas: 2\n") ==
          std::vector<std::string>{
              "t.yaml:8:24: p/cache: read_replicas needs a PostgreSQL service; image 'redis:7' is not "
              "postgres (hint: read replicas stream PostgreSQL's WAL: remove read_replicas, or name the image "
              "postgres[:TAG] or postgresql[:TAG] (docs/stateful.md))"});
    auto negative = errors_of(head + "      db:\n        image: postgres:16\n        read_replicas: -1\n");
    REQUIRE(negative.size() == 1);
    CHECK(negative[0] == "t.yaml:8:24: read_replicas must be 0 or more, got -1");
    CHECK(errors_of(head + "      db:\n        image: postgres:16\n        read_replicas: 1\n").empty());
}

TEST_CASE("major-version guard: refuses a volume of another major, names both and the way across",
          "[plan][replicas]") {
    PgDataVolume v{ServiceKey{"p", "db"}, "s_p_pgdata", "PG_VERSION", "/var/lib/postgresql/data",
                   "infractl-local/postgres:15-r3", 15};
    CHECK_FALSE(diff_detail::pg_major_conflict(v, "15"));
    CHECK_FALSE(diff_detail::pg_major_conflict(v, "garbage"));
    auto c = diff_detail::pg_major_conflict(v, "14");
    REQUIRE(c);
    CHECK(c->detail ==
          "p/db: volume s_p_pgdata holds PostgreSQL 14 data (PG_VERSION 14), but image "
          "'infractl-local/postgres:15-r3' runs PostgreSQL 15; nothing was changed");
    CHECK_THAT(c->hint, Catch::Contains("pg_dump -Fc") && Catch::Contains("pg_restore"));
}

TEST_CASE("major-version guard: only primaries' volumes, with the major their image names", "[resolve][replicas]") {
    DesiredState d = test::resolve_example("staging");
    auto vols = pg_data_volumes(d);
    std::vector<std::string> names;
    for (const auto& v : vols) names.push_back(v.volume + " " + std::to_string(v.major));
    // The unit tests resolve without the local image map: postgres:16 is 16.
    CHECK(names == std::vector<std::string>{"monorepo_order_pgdata 16", "monorepo_turfoo_pgdata 16"});
}

TEST_CASE("read replicas: each replica's volume is created before the replica",
          "[plan][replicas]") {
    DesiredState d = test::resolve_example("staging");
    ObservedState empty;
    empty.stack = d.stack;
    Plan plan = diff(d, empty, DiffOptions{});
    std::optional<std::size_t> volume, replica;
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
        if (plan.actions[i].kind == ActionKind::create_volume &&
            plan.actions[i].target == "monorepo_turfoo_pgdata-replica-1")
            volume = i;
        if (plan.actions[i].kind == ActionKind::create && plan.actions[i].target == "turfoo-postgres-replica-1")
            replica = i;
    }
    REQUIRE(volume);
    REQUIRE(replica);
    const auto& after = plan.actions[*replica].after;
    CHECK(std::find(after.begin(), after.end(), *volume) != after.end());
}
