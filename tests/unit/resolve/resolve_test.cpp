#include <catch2/catch.hpp>

#include <algorithm>

#include "support/topology_builders.hpp"
#include "infractl/resolve/resolve.hpp"

using namespace infractl;
using namespace infractl::test;

namespace {

DesiredState run(const Topology& t, const Profile& p, const Overrides& o = {}) {
    Diagnostics diags;
    DesiredState s = resolve(t, p, o, diags);
    for (const auto& d : diags.all()) INFO(d.str());
    REQUIRE_FALSE(diags.has_errors());
    return s;
}

const DesiredService& get(const DesiredState& s, const std::string& project, const std::string& service) {
    const DesiredService* found = s.find(ServiceKey{project, service});
    REQUIRE(found);
    return *found;
}

std::vector<std::string> container_names(const DesiredState& s) {
    std::vector<std::string> out;
    for (const auto& svc : s.services)
        for (const auto& c : svc.containers) out.push_back(c.name);
    return out;
}

}  // namespace

TEST_CASE("resolve: container names - numbering and dependency order", "[resolve]") {
    DesiredState s = run(monorepo(), dev_profile());
    CHECK(s.stack == "monorepo");
    CHECK(s.profile == "dev");
    CHECK(container_names(s) == std::vector<std::string>{
                                    "monorepo-minio", "monorepo-redis", "monorepo-redisinsight",
                                    "order-celery-beat", "order-postgres", "order-celery-worker-1",
                                    "turfoo-celery-beat", "turfoo-postgres", "turfoo-celery-worker-1"});
    CHECK_FALSE(get(s, kGlobalProject, "redis").numbered);
    CHECK(get(s, kGlobalProject, "redis").global);
    CHECK(get(s, "turfoo", "celery-worker").numbered);
    CHECK(get(s, "turfoo", "celery-worker").base_name == "turfoo-celery-worker");
    CHECK_FALSE(get(s, "turfoo", "postgres").numbered);
}

TEST_CASE("resolve: ownership labels - the replica label differs - the hash does not", "[resolve]") {
    Profile p = dev_profile();
    ServicePatch two = patch("celery-worker");
    two.replicas = 2;
    p.projects["turfoo"].push_back(two);
    DesiredState s = run(monorepo(), p);
    const auto& w = get(s, "turfoo", "celery-worker");
    REQUIRE(w.containers.size() == 2);
    CHECK(w.containers[1].name == "turfoo-celery-worker-2");
    CHECK(w.containers[1].replica == 2);
    CHECK(w.containers[1].spec.labels == std::map<std::string, std::string>{
                                             {"io.infractl.config-hash", w.config_hash},
                                             {"io.infractl.managed-by", "infractl"},
                                             {"io.infractl.project", "turfoo"},
                                             {"io.infractl.replica", "2"},
                                             {"io.infractl.service", "celery-worker"},
                                             {"io.infractl.stack", "monorepo"}});
    CHECK(w.containers[0].spec.labels.at("io.infractl.replica") == "1");
    CHECK(w.config_hash == config_hash(w.containers[0].spec));
    CHECK(w.config_hash == config_hash(w.containers[1].spec));
    CHECK(w.config_hash.size() == 64);
    CHECK(get(s, kGlobalProject, "redis").spec.labels.at("io.infractl.project") == "_global");
}

TEST_CASE("resolve: dependencies - aliases - volumes and networks", "[resolve]") {
    DesiredState s = run(monorepo(), dev_profile());
    const auto& w = get(s, "turfoo", "celery-worker");
    REQUIRE(w.depends_on.size() == 2);
    CHECK(w.depends_on[0].target == ServiceKey{kGlobalProject, "redis"});
    CHECK(w.depends_on[0].condition == DependCondition::service_healthy);
    CHECK(w.depends_on[1].target == ServiceKey{"turfoo", "postgres"});
    CHECK(w.spec.network_alias == "turfoo-celery-worker");
    CHECK(get(s, kGlobalProject, "redis").spec.network_alias == "redis");
    CHECK(w.spec.networks == std::vector<std::string>{"monorepo_net"});
    CHECK_FALSE(w.stateful);

    const auto& pg = get(s, "order", "postgres");
    CHECK(pg.stateful);
    REQUIRE(pg.spec.mounts.size() == 1);
    CHECK(pg.spec.mounts[0].source == "monorepo_order_pgdata");
    CHECK(pg.spec.mounts[0].is_volume);

    REQUIRE(s.volumes.size() == 4);
    CHECK(s.volumes[0].name == "monorepo_minio-data");
    CHECK(s.volumes[0].project == "_global");
    CHECK(s.volumes[1].name == "monorepo_order_pgdata");
    CHECK(s.volumes[1].project == "order");
    CHECK(s.volumes[1].key == "pgdata");
    CHECK(s.volumes[1].labels.at("io.infractl.stack") == "monorepo");
    CHECK(s.volumes[3].name == "monorepo_turfoo_pgdata");
    REQUIRE(s.networks.size() == 1);
    CHECK(s.networks[0].name == "monorepo_net");
    CHECK(s.networks[0].labels.at("io.infractl.managed-by") == "infractl");
}

TEST_CASE("resolve: ports take the profile's host IP when they name none", "[resolve]") {
    DesiredState s = run(monorepo(), dev_profile());
    CHECK(get(s, kGlobalProject, "redisinsight").spec.ports[0].host_ip == "127.0.0.1");
    Profile p = dev_profile();
    p.default_host_ip = "";
    CHECK(run(monorepo(), p).find({kGlobalProject, "redisinsight"})->spec.ports[0].host_ip.empty());
    p.default_host_ip = "10.0.0.1";
    // An explicit host IP is kept.
    CHECK(run(monorepo(), p).find({kGlobalProject, "redis"})->spec.ports[0].host_ip == "127.0.0.1");
}

TEST_CASE("resolve: the profile's image map replaces images as written", "[resolve]") {
    Profile p = dev_profile();
    p.images["redis:7-alpine"] = "infractl-local/redis:7";
    DesiredState s = run(monorepo(), p);
    CHECK(get(s, kGlobalProject, "redis").spec.image == "infractl-local/redis:7");
    CHECK(get(s, kGlobalProject, "minio").spec.image == "minio/minio");
}

TEST_CASE("resolve: a built service runs its content tag - image: beside build: is what exporters write",
          "[resolve][build]") {
    Topology t = monorepo();
    Service& worker = t.projects[0].services[1];  // turfoo/celery-worker, image turfoo:latest
    REQUIRE(worker.image == "turfoo:latest");
    worker.build = BuildSpec{};
    worker.build->content_hash = std::string(64, 'a');
    worker.pull_policy = PullPolicy::always;
    Service& beat = t.projects[0].services[2];
    beat.build = BuildSpec{};
    beat.build->content_hash = std::string(64, 'b');
    beat.image.clear();
    Profile p = dev_profile();
    p.images["turfoo:latest"] = "registry.invalid/turfoo:1.4";
    DesiredState s = run(t, p);

    const DesiredService& w = get(s, "turfoo", "celery-worker");
    CHECK(w.spec.image == "infractl-build/turfoo-celery-worker:aaaaaaaaaaaaaaaa");
    CHECK(w.pull_policy == PullPolicy::never);
    CHECK(w.published_image == "registry.invalid/turfoo:1.4");  // the images map applies to the published name
    CHECK(export_image(w) == "registry.invalid/turfoo:1.4");
    CHECK(export_pull_policy(w) == PullPolicy::always);

    const DesiredService& b = get(s, "turfoo", "celery-beat");
    CHECK(b.published_image.empty());
    CHECK(export_image(b) == "infractl-build/turfoo-celery-beat:bbbbbbbbbbbbbbbb");
    CHECK(export_pull_policy(b) == PullPolicy::never);

    const DesiredService& redis = get(s, kGlobalProject, "redis");  // not built: what runs is what is exported
    CHECK(export_image(redis) == redis.spec.image);
}

TEST_CASE("resolve: disabled services are dropped and listed", "[resolve]") {
    Profile p = dev_profile();
    ServicePatch off = patch("redisinsight");
    off.enabled = false;
    p.globals.push_back(off);
    ServicePatch beat_off = patch("celery-beat");
    beat_off.enabled = false;
    p.projects["order"].push_back(beat_off);
    DesiredState s = run(monorepo(), p);
    CHECK_FALSE(s.find({kGlobalProject, "redisinsight"}));
    CHECK_FALSE(s.find({"order", "celery-beat"}));
    CHECK(s.find({"turfoo", "celery-beat"}));
    CHECK(s.disabled == std::vector<ServiceKey>{{kGlobalProject, "redisinsight"}, {"order", "celery-beat"}});
}

TEST_CASE("resolve: a dependency on a disabled service is dropped with a warning", "[resolve]") {
    Profile p = dev_profile();
    ServicePatch off = patch("postgres");
    off.enabled = false;
    p.projects["turfoo"].push_back(off);
    Topology t = monorepo();
    t.projects[0].services[1].depends_on[1].loc = Location{"specs/test.yaml", 30, 9};
    Diagnostics diags;
    DesiredState s = resolve(t, p, {}, diags);
    CHECK_FALSE(diags.has_errors());
    REQUIRE(diags.all().size() == 1);
    CHECK(diags.all()[0].str() ==
          "specs/test.yaml:30:9: warning: turfoo/celery-worker depends on 'turfoo/postgres', which profile 'dev' "
          "disables; the dependency is dropped");
    CHECK(s.find({"turfoo", "celery-worker"})->depends_on.size() == 1);
}

TEST_CASE("resolve: managed endpoints run nothing and reach dependents as env", "[resolve]") {
    Profile p = dev_profile();
    ServicePatch redis = patch("redis");
    redis.managed = ManagedEndpoint{"redis://cache.prod.internal:6379", "", {}};
    p.globals.push_back(redis);
    ServicePatch pg = patch("postgres");
    pg.managed = ManagedEndpoint{"postgresql://turfoo-db.prod.internal:5432/turfoo_db", "DATABASE_URL", {}};
    p.projects["turfoo"].push_back(pg);
    DesiredState s = run(monorepo(), p);

    CHECK_FALSE(s.find({kGlobalProject, "redis"}));
    CHECK_FALSE(s.find({"turfoo", "postgres"}));
    REQUIRE(s.managed.size() == 2);
    CHECK(s.managed[0].key.str() == "redis");
    CHECK(s.managed[0].env == "REDIS_URL");
    CHECK(s.managed[1].key.str() == "turfoo/postgres");

    const auto& w = get(s, "turfoo", "celery-worker");
    CHECK(w.depends_on.empty());
    CHECK(w.spec.environment.at("REDIS_URL").value == "redis://cache.prod.internal:6379");
    CHECK(w.spec.environment.at("DATABASE_URL").value == "postgresql://turfoo-db.prod.internal:5432/turfoo_db");
    const auto& order_worker = get(s, "order", "celery-worker");
    CHECK(order_worker.spec.environment.count("DATABASE_URL") == 0);
    CHECK(order_worker.depends_on.size() == 1);  // order's own postgres still runs
    // The managed redis's volume is gone; the volumes still in use stay.
    REQUIRE_FALSE(s.volumes.empty());
    for (const auto& v : s.volumes) CHECK(v.name != "monorepo_redis-data");
    CHECK(std::any_of(s.volumes.begin(), s.volumes.end(), [](const auto& v) { return v.name == "monorepo_order_pgdata"; }));
}

TEST_CASE("resolve: a service waited for with service_completed_successfully is a oneshot", "[resolve]") {
    Topology t = monorepo();
    Service migrate = service("migrate", "turfoo:latest");
    migrate.restart = RestartPolicy::on_failure;
    t.projects[0].services.push_back(migrate);
    t.projects[0].services[1].depends_on.push_back(depends("migrate", DependCondition::service_completed_successfully));
    DesiredState s = run(t, dev_profile());
    const auto& m = get(s, "turfoo", "migrate");
    CHECK(m.oneshot);
    CHECK(m.spec.restart == RestartPolicy::no);
    CHECK(m.spec.labels.at("io.infractl.oneshot") == "true");
    CHECK(m.containers[0].spec.labels.at("io.infractl.oneshot") == "true");
    CHECK_FALSE(get(s, "turfoo", "postgres").oneshot);
    CHECK(get(s, "turfoo", "postgres").spec.labels.count("io.infractl.oneshot") == 0);
    CHECK(get(s, "turfoo", "postgres").spec.restart == RestartPolicy::unless_stopped);
}

TEST_CASE("resolve: resources reach the spec in engine units", "[resolve]") {
    Profile p = dev_profile();
    ServicePatch pg = patch("postgres");
    pg.resources.cpu_limit = NanoCpus{500'000'000};
    pg.resources.memory_limit = Bytes{1LL << 30};
    pg.resources.cpu_reservation = NanoCpus{250'000'000};
    pg.resources.memory_reservation = Bytes{512LL << 20};
    p.project_defaults.push_back(pg);
    DesiredState s = run(monorepo(), p);
    const auto& spec = get(s, "order", "postgres").spec;
    CHECK(spec.cpu_limit == NanoCpus{500'000'000});
    CHECK(spec.memory_limit == Bytes{1LL << 30});
    CHECK(spec.cpu_reservation == NanoCpus{250'000'000});
    CHECK(spec.memory_reservation == Bytes{512LL << 20});
    CHECK_FALSE(get(s, "order", "celery-worker").spec.memory_limit);
}

TEST_CASE("resolve: profile networks - and only networks in use are created", "[resolve]") {
    Profile p = dev_profile();
    p.networks.push_back(NetworkPatch{"app", at(4), std::nullopt});
    p.networks.push_back(NetworkPatch{"data", at(5), true});
    ServicePatch w = patch("celery-worker");
    w.networks = std::vector<std::string>{"data", "app"};
    p.project_defaults.push_back(w);
    ServicePatch r = patch("redis");
    r.networks = std::vector<std::string>{"data"};
    p.globals.push_back(r);
    DesiredState s = run(monorepo(), p);
    CHECK(get(s, "turfoo", "celery-worker").spec.networks ==
          std::vector<std::string>{"monorepo_app", "monorepo_data"});
    CHECK(get(s, kGlobalProject, "redis").spec.networks == std::vector<std::string>{"monorepo_data"});
    // Services without a list join every network.
    CHECK(get(s, "turfoo", "postgres").spec.networks ==
          std::vector<std::string>{"monorepo_app", "monorepo_data", "monorepo_net"});
    REQUIRE(s.networks.size() == 3);
    CHECK(s.networks[1].name == "monorepo_data");
    CHECK(s.networks[1].internal);
}

TEST_CASE("resolve: remembered scale overrides apply - and lapse when the topology count changes", "[resolve]") {
    Overrides o{{"turfoo/celery-worker", ReplicaOverride{4, 1}}};
    DesiredState s = run(monorepo(), dev_profile(), o);
    const auto& w = get(s, "turfoo", "celery-worker");
    CHECK(w.replicas == 4);
    CHECK(w.topology_replicas == 1);
    CHECK(w.override_replicas == 4);
    CHECK(w.containers.size() == 4);
    CHECK(w.containers.back().name == "turfoo-celery-worker-4");
    CHECK(get(s, "order", "celery-worker").replicas == 1);

    Profile p = dev_profile();
    ServicePatch three = patch("celery-worker");
    three.replicas = 3;
    p.projects["turfoo"].push_back(three);
    DesiredState lapsed = run(monorepo(), p, o);
    const auto& lw = get(lapsed, "turfoo", "celery-worker");
    CHECK(lw.replicas == 3);
    CHECK_FALSE(lw.override_replicas);
    // The lapsed count is listed (a writing command forgets it), never applied.
    REQUIRE(lapsed.lapsed.size() == 1);
    CHECK(lapsed.lapsed[0].key == ServiceKey{"turfoo", "celery-worker"});
    CHECK(lapsed.lapsed[0].override_made == ReplicaOverride{4, 1});
    CHECK(lapsed.lapsed[0].topology_replicas == 3);
    CHECK(s.lapsed.empty());

    Overrides zero{{"turfoo/celery-worker", ReplicaOverride{0, 1}}};
    CHECK(run(monorepo(), dev_profile(), zero).find({"turfoo", "celery-worker"})->containers.empty());
}

TEST_CASE("resolve: set_replicas rebuilds the containers as resolve names them", "[resolve]") {
    DesiredState s = run(monorepo(), dev_profile());
    DesiredService* w = s.find(ServiceKey{"turfoo", "celery-worker"});
    REQUIRE(w);
    set_replicas(*w, 3);
    CHECK(w->replicas == 3);
    CHECK(w->override_replicas == 3);
    REQUIRE(w->containers.size() == 3);
    CHECK(w->containers[2].name == "turfoo-celery-worker-3");
    CHECK(w->containers[2].spec.labels.at(label::replica) == "3");
    // The same as resolving with the remembered count.
    DesiredState remembered = run(monorepo(), dev_profile(), {{"turfoo/celery-worker", ReplicaOverride{3, 1}}});
    const auto& r = get(remembered, "turfoo", "celery-worker");
    CHECK(r.containers[2].name == w->containers[2].name);
    CHECK(r.containers[2].spec.labels == w->containers[2].spec.labels);
    set_replicas(*w, std::nullopt);
    CHECK(w->replicas == 1);
    CHECK_FALSE(w->override_replicas);
    CHECK(w->containers.size() == 1);
}

TEST_CASE("resolve: an override a service may not run is ignored with a warning", "[resolve]") {
    Overrides o{{"turfoo/celery-beat", ReplicaOverride{3, 1}}, {"order/celery-worker", ReplicaOverride{11, 1}}};
    Diagnostics diags;
    DesiredState s = resolve(monorepo(), dev_profile(), o, diags);
    CHECK_FALSE(diags.has_errors());
    auto sorted = diags.sorted();
    REQUIRE(sorted.size() == 2);
    CHECK(sorted[0].str() ==
          "warning: ignoring the remembered scale order/celery-worker=11: max_replicas is 10 (hint: run: infractl "
          "scale order celery-worker=reset)");
    CHECK(sorted[1].str() ==
          "warning: ignoring the remembered scale turfoo/celery-beat=3: the service is a singleton (hint: run: "
          "infractl scale turfoo celery-beat=reset)");
    CHECK(get(s, "turfoo", "celery-beat").replicas == 1);
    CHECK(get(s, "order", "celery-worker").replicas == 1);
}

TEST_CASE("resolve: merged values a service may not run are located at the profile", "[resolve]") {
    struct Case {
        const char* service;
        const char* project;
        int replicas;
        const char* expected;
    } cases[] = {
        {"celery-beat", "turfoo", 3,
         "profiles/test.yaml:7:5: turfoo/celery-beat is a singleton: multiple beat instances cause duplicate "
         "scheduled tasks; it cannot run 3 replicas"},
        {"celery-worker", "order", 12, "profiles/test.yaml:7:5: order/celery-worker asks for 12 replicas, above its "
                                       "max_replicas 10"},
        {"redis", nullptr, 2,
         "profiles/test.yaml:7:5: global 'redis' runs 0 or 1 replica, not 2 (hint: move it under a project to "
         "replicate it)"},
    };
    for (const auto& c : cases) {
        Profile p = dev_profile();
        ServicePatch sp = patch(c.service);
        sp.replicas = c.replicas;
        sp.replicas_loc = at(7);
        if (c.project) p.projects[c.project].push_back(sp);
        else p.globals.push_back(sp);
        Diagnostics diags;
        resolve(monorepo(), p, {}, diags);
        REQUIRE(diags.all().size() == 1);
        CHECK(diags.all()[0].str() == c.expected);
    }
}

TEST_CASE("resolve: twice gives the same state", "[resolve]") {
    DesiredState a = run(monorepo(), dev_profile());
    DesiredState b = run(monorepo(), dev_profile());
    REQUIRE(a.services.size() == b.services.size());
    for (std::size_t i = 0; i < a.services.size(); ++i) {
        CHECK(a.services[i].key == b.services[i].key);
        CHECK(a.services[i].config_hash == b.services[i].config_hash);
    }
}

TEST_CASE("resolve: a profile limit below the topology's reservation", "[resolve]") {
    Topology t = monorepo();
    t.projects[0].services[0].resources.memory_reservation = Bytes{2LL << 30};
    t.projects[0].services[0].resources.memory_reservation_loc = Location{"specs/test.yaml", 20, 17};
    Profile p = dev_profile();
    ServicePatch pg = patch("postgres");
    pg.resources.memory_limit = Bytes{1LL << 30};
    pg.resources.memory_limit_loc = at(9);
    pg.resources.cpu_limit = NanoCpus{250'000'000};
    pg.resources.cpu_reservation = NanoCpus{500'000'000};
    pg.resources.cpu_reservation_loc = at(10);
    p.projects["turfoo"].push_back(pg);
    Diagnostics diags;
    resolve(t, p, {}, diags);
    auto sorted = diags.sorted();
    REQUIRE(sorted.size() == 2);
    CHECK(sorted[1].str() ==
          "profiles/test.yaml:10:5: turfoo/postgres: cpu reservation 0.5 is above the limit 0.25 (hint: lower the "
          "reservation or raise the limit)");
    CHECK(sorted[0].str() ==
          "profiles/test.yaml:9:5: turfoo/postgres: memory reservation 2G is above the limit 1G (hint: lower the "
          "reservation or raise the limit)");
}

TEST_CASE("resolve: the hash ignores replicas - resources and restart - and follows env and image", "[resolve][hash]") {
    const std::string base = run(monorepo(), dev_profile()).find({"turfoo", "celery-worker"})->config_hash;
    Profile live = dev_profile();
    ServicePatch w = patch("celery-worker");
    w.replicas = 4;
    w.resources.memory_limit = Bytes{1LL << 30};
    w.resources.cpu_limit = NanoCpus{1'000'000'000};
    live.projects["turfoo"].push_back(w);
    Topology restart = monorepo();
    restart.projects[0].services[1].restart = RestartPolicy::always;
    CHECK(run(monorepo(), live).find({"turfoo", "celery-worker"})->config_hash == base);
    CHECK(run(restart, dev_profile()).find({"turfoo", "celery-worker"})->config_hash == base);

    Profile env = dev_profile();
    ServicePatch e = patch("celery-worker");
    e.environment["LOG_LEVEL"] = EnvValue{"debug", false, {}};
    env.projects["turfoo"].push_back(e);
    CHECK(run(monorepo(), env).find({"turfoo", "celery-worker"})->config_hash != base);
    Profile image = dev_profile();
    image.images["turfoo:latest"] = "infractl-local/turfoo:latest";
    CHECK(run(monorepo(), image).find({"turfoo", "celery-worker"})->config_hash != base);
    Profile host_ip = dev_profile();
    host_ip.default_host_ip = "0.0.0.0";
    CHECK(run(monorepo(), host_ip).find({kGlobalProject, "redisinsight"})->config_hash !=
          run(monorepo(), dev_profile()).find({kGlobalProject, "redisinsight"})->config_hash);
}
