// The mapping, concept by concept, on the bundled example and on small
// topologies written here: what users of the exported objects rely on.
#include <catch2/catch.hpp>

#include "export_fixtures.hpp"

using namespace infractl;
using namespace infractl::k8s;
using infractl::test::example_state;
using infractl::test::has_object;
using infractl::test::main_container;
using infractl::test::object;
using infractl::test::state_of;
using infractl::test::text_at;

namespace {

KubernetesExport example(const std::string& profile, Autoscaler a = Autoscaler::hpa) {
    KubernetesOptions opts;
    opts.autoscaler = a;
    return export_kubernetes(example_state(profile), opts);
}

std::vector<std::string> init_names(const Value& workload) {
    std::vector<std::string> out;
    if (const Value* list = workload.at({"spec", "template", "spec", "initContainers"}))
        for (const auto& c : list->items()) out.push_back(c.find("name")->as_string());
    return out;
}

}  // namespace

TEST_CASE("k8s: a Namespace per stack, first", "[export]") {
    KubernetesExport e = example("dev");
    REQUIRE(!e.objects.empty());
    CHECK(e.objects.front().kind == "Namespace");
    CHECK(e.objects.front().name == "monorepo");
    for (const auto& o : e.objects)
        if (o.kind != "Namespace") CHECK(o.ns == "monorepo");
}

TEST_CASE("k8s: no spec.replicas where an autoscaler owns the count", "[export]") {
    for (Autoscaler a : {Autoscaler::hpa, Autoscaler::keda})
        for (const std::string profile : {"dev", "staging", "prod"}) {
            INFO(profile << " " << to_string(a));
            KubernetesExport e = example(profile, a);
            CHECK(text_at(object(e, "Deployment", "turfoo-celery-worker"), {"spec", "replicas"}) == "(absent)");
            CHECK(text_at(object(e, "Deployment", "turfoo-celery-beat"), {"spec", "replicas"}) == "1");
        }
}

TEST_CASE("k8s: the HPA is the seed's object, from the autoscale block", "[export]") {
    KubernetesExport e = example("prod");
    const Value& hpa = object(e, "HorizontalPodAutoscaler", "turfoo-celery-worker");
    static const struct {
        std::initializer_list<std::string_view> path;
        const char* value;
    } fields[] = {
        {{"apiVersion"}, "autoscaling/v2"},
        {{"spec", "scaleTargetRef", "kind"}, "Deployment"},
        {{"spec", "scaleTargetRef", "name"}, "turfoo-celery-worker"},
        {{"spec", "minReplicas"}, "5"},  // prod: "5+ instances (auto-scale)"
        {{"spec", "maxReplicas"}, "10"},
        // Kubernetes' defaults, written out: what `infractl autoscale` does.
        {{"spec", "behavior", "scaleDown", "stabilizationWindowSeconds"}, "300"},
        {{"spec", "behavior", "scaleUp", "stabilizationWindowSeconds"}, "0"},
        {{"spec", "behavior", "scaleUp", "selectPolicy"}, "Max"},
    };
    for (const auto& f : fields) {
        INFO(*f.path.begin());
        CHECK(text_at(hpa, f.path) == f.value);
    }
    const auto& up = hpa.at({"spec", "behavior", "scaleUp", "policies"})->items();
    REQUIRE(up.size() == 2);
    CHECK(emit_yaml(up.at(0)) == "type: Pods\nvalue: 4\nperiodSeconds: 15\n");
    CHECK(emit_yaml(up.at(1)) == "type: Percent\nvalue: 100\nperiodSeconds: 15\n");
    const auto& down = hpa.at({"spec", "behavior", "scaleDown", "policies"})->items();
    REQUIRE(down.size() == 1);
    CHECK(emit_yaml(down.at(0)) == "type: Percent\nvalue: 100\nperiodSeconds: 15\n");
    const Value& metric = hpa.at({"spec", "metrics"})->items().at(0);
    CHECK(text_at(metric, {"type"}) == "External");
    CHECK(text_at(metric, {"external", "metric", "name"}) == "celery_queue_length");
    CHECK(text_at(metric, {"external", "metric", "selector", "matchLabels", "queue"}) == "turfoo");
    CHECK(text_at(metric, {"external", "target", "type"}) == "AverageValue");
    // A quantity: a string, emitted quoted.
    CHECK(metric.at({"external", "target", "averageValue"})->kind() == Value::Kind::string);
    CHECK(emit_yaml(*metric.at({"external", "target", "averageValue"})) == "\"100\"\n");
}

TEST_CASE("k8s: --autoscaler keda gives a ScaledObject on the broker's list", "[export]") {
    static const struct {
        const char* profile;
        const char* address;
        const char* min;  // the profile's autoscale.min: the topology's 1 on dev, "5+ instances" on prod
    } cases[] = {{"dev", "redis:6379", "1"}, {"prod", "cache.prod.internal:6379", "5"}};
    for (const auto& c : cases) {
        INFO(c.profile);
        KubernetesExport e = example(c.profile, Autoscaler::keda);
        CHECK_FALSE(has_object(e, "HorizontalPodAutoscaler", "turfoo-celery-worker"));
        const Value& so = object(e, "ScaledObject", "order-celery-worker");
        CHECK(text_at(so, {"apiVersion"}) == "keda.sh/v1alpha1");
        CHECK(text_at(so, {"spec", "pollingInterval"}) == "30");
        CHECK(text_at(so, {"spec", "cooldownPeriod"}) == "300");
        CHECK(text_at(so, {"spec", "minReplicaCount"}) == c.min);
        CHECK(text_at(so, {"spec", "maxReplicaCount"}) == "10");
        CHECK(text_at(so, {"spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown",
                           "stabilizationWindowSeconds"}) == "300");
        const Value& trigger = so.at({"spec", "triggers"})->items().at(0);
        CHECK(text_at(trigger, {"type"}) == "redis");
        CHECK(text_at(trigger, {"metadata", "address"}) == c.address);
        CHECK(text_at(trigger, {"metadata", "listName"}) == "order");
        CHECK(text_at(trigger, {"metadata", "listLength"}) == "100");
        CHECK(text_at(trigger, {"metadata", "databaseIndex"}) == "0");
    }
}

TEST_CASE("k8s: celery-beat is a singleton: one replica, Recreate, no PodDisruptionBudget", "[export]") {
    KubernetesExport e = example("staging");
    const Value& beat = object(e, "Deployment", "turfoo-celery-beat");
    CHECK(text_at(beat, {"spec", "replicas"}) == "1");
    CHECK(text_at(beat, {"spec", "strategy", "type"}) == "Recreate");
    CHECK_FALSE(has_object(e, "PodDisruptionBudget", "turfoo-celery-beat"));
    CHECK_FALSE(has_object(e, "PodDisruptionBudget", "turfoo-postgres"));
    const Value& pdb = object(e, "PodDisruptionBudget", "turfoo-celery-worker");
    CHECK(text_at(pdb, {"spec", "maxUnavailable"}) == "1");
    CHECK(text_at(object(e, "Deployment", "turfoo-celery-worker"), {"spec", "strategy"}) == "(absent)");
}

TEST_CASE("k8s: a service with a volume is a StatefulSet with claims and a headless Service", "[export]") {
    KubernetesExport e = example("dev");
    const Value& pg = object(e, "StatefulSet", "turfoo-postgres");
    CHECK(text_at(pg, {"spec", "serviceName"}) == "turfoo-postgres");
    CHECK(text_at(pg, {"spec", "replicas"}) == "1");
    const Value& claim = pg.at({"spec", "volumeClaimTemplates"})->items().at(0);
    CHECK(text_at(claim, {"metadata", "name"}) == "pgdata");
    CHECK(text_at(claim, {"spec", "resources", "requests", "storage"}) == "1Gi");
    const Value& mount = main_container(pg).find("volumeMounts")->items().at(0);
    CHECK(text_at(mount, {"name"}) == "pgdata");
    CHECK(text_at(mount, {"mountPath"}) == "/var/lib/postgresql/data");
    const Value& svc = object(e, "Service", "turfoo-postgres");
    CHECK(text_at(svc, {"spec", "clusterIP"}) == "None");
    CHECK(text_at(svc, {"spec", "ports"}) == "- name: tcp-5432\n  port: 5432\n  targetPort: 5432\n  protocol: TCP\n");
    CHECK(has_object(e, "StatefulSet", "monorepo-redis"));
    CHECK(has_object(e, "Deployment", "monorepo-redisinsight"));
}

TEST_CASE("k8s: Services are named as the environment's URLs name their hosts", "[export]") {
    KubernetesExport e = example("dev");
    // CELERY_BROKER_URL=redis://redis:6379/0, DATABASE_URL=...@turfoo-postgres:5432/...
    for (const char* name : {"redis", "minio", "redisinsight", "turfoo-postgres", "order-postgres"}) {
        INFO(name);
        CHECK(has_object(e, "Service", name));
    }
    // Nobody reaches a worker: no port, no Service.
    CHECK_FALSE(has_object(e, "Service", "turfoo-celery-worker"));
    CHECK(text_at(object(e, "Service", "redisinsight"), {"spec", "clusterIP"}) == "(absent)");
}

TEST_CASE("k8s: secrets are never inline in a pod spec", "[export]") {
    DesiredState state = state_of(R"Y(version: 1
stack: s
networks: {net: {}}
projects:
  app:
    services:
      web:
        image: web:1
        environment:
          API_TOKEN: tok-7f3a9
          DATABASE_URL: postgresql://u:pw-9c2e@db:5432/x
          LOG_LEVEL: info
          SECRET_ONE: x
          SECRET_TWO: xy
)Y");
    KubernetesExport e = export_kubernetes(state, {});
    const Value& secret = object(e, "Secret", "app-web-env");
    CHECK(text_at(secret, {"data", "API_TOKEN"}) == "dG9rLTdmM2E5");
    CHECK(text_at(secret, {"data", "DATABASE_URL"}) == "cG9zdGdyZXNxbDovL3U6cHctOWMyZUBkYjo1NDMyL3g=");
    CHECK(text_at(secret, {"data", "SECRET_ONE"}) == "eA==");
    CHECK(text_at(secret, {"data", "SECRET_TWO"}) == "eHk=");
    CHECK(text_at(object(e, "ConfigMap", "app-web-env"), {"data"}) == "LOG_LEVEL: info\n");
    const Value& web = main_container(object(e, "Deployment", "app-web"));
    CHECK(web.find("env") == nullptr);
    CHECK(text_at(web, {"envFrom"}) == "- configMapRef:\n    name: app-web-env\n- secretRef:\n    name: app-web-env\n");
    for (const auto& o : e.objects) {
        if (o.kind == "Secret") continue;
        INFO(o.kind << " " << o.name);
        std::string text = emit_yaml(o.doc);
        CHECK(text.find("tok-7f3a9") == std::string::npos);
        CHECK(text.find("pw-9c2e") == std::string::npos);
    }
}

TEST_CASE("k8s: resources, probes, grace period and the stop signal", "[export]") {
    DesiredState state = state_of(R"Y(version: 1
stack: s
networks: {net: {}}
projects:
  app:
    services:
      web:
        image: web:1
        command: ["serve", "$(not-a-var)"]
        stop_signal: SIGQUIT
        stop_grace_period: 1m30s
        resources:
          limits: {cpus: 0.5, memory: 1G}
          reservations: {cpus: 0.25, memory: 512M}
        healthcheck:
          test: curl -f http://localhost/
          interval: 10s
          timeout: 1500ms
          start_period: 20s
          retries: 4
      cli:
        image: web:1
        healthcheck:
          test: ["CMD", "check", "--quick"]
)Y");
    KubernetesExport e = export_kubernetes(state, {});
    const Value& deploy = object(e, "Deployment", "app-web");
    const Value& web = main_container(deploy);
    CHECK(text_at(deploy, {"spec", "template", "spec", "terminationGracePeriodSeconds"}) == "90");
    CHECK(text_at(web, {"args"}) == "- serve\n- $$(not-a-var)\n");
    CHECK(text_at(web, {"resources"}) == "requests:\n  cpu: 250m\n  memory: 512Mi\nlimits:\n  cpu: 500m\n  memory: 1Gi\n");
    CHECK(text_at(web, {"readinessProbe"}) ==
          "exec:\n  command:\n    - sh\n    - -c\n    - curl -f http://localhost/\ninitialDelaySeconds: 20\n"
          "periodSeconds: 10\ntimeoutSeconds: 2\nfailureThreshold: 4\n");
    CHECK(text_at(web, {"livenessProbe"}) == text_at(web, {"readinessProbe"}));
    CHECK(text_at(web, {"lifecycle", "preStop", "exec", "command"}) == "- sh\n- -c\n- kill -s QUIT 1\n");
    const Value& cli = main_container(object(e, "Deployment", "app-cli"));
    CHECK(text_at(cli, {"readinessProbe", "exec", "command"}) == "- check\n- --quick\n");
    CHECK(cli.find("lifecycle") == nullptr);
    CHECK(text_at(object(e, "Deployment", "app-cli"), {"spec", "template", "spec", "terminationGracePeriodSeconds"}) == "10");
}

TEST_CASE("k8s: depends_on conditions become init containers that wait; one-shots are Jobs", "[export]") {
    DesiredState state = state_of(R"Y(version: 1
stack: s
networks: {net: {}}
globals:
  cache:
    image: redis:7
    healthcheck: {test: ["CMD", "redis-cli", "ping"]}
projects:
  app:
    services:
      migrate:
        image: web:1
        command: migrate
      web:
        image: web:1
        depends_on:
          cache: {condition: service_healthy}
          migrate: {condition: service_completed_successfully}
      side:
        image: web:1
        depends_on: [cache]
)Y");
    KubernetesExport e = export_kubernetes(state, {});
    const Value& job = object(e, "Job", "app-migrate");
    CHECK(text_at(job, {"spec", "backoffLimit"}) == "0");
    CHECK(text_at(job, {"spec", "template", "spec", "restartPolicy"}) == "Never");
    CHECK_FALSE(has_object(e, "PodDisruptionBudget", "app-migrate"));
    const Value& web = object(e, "Deployment", "app-web");
    CHECK(init_names(web) == std::vector<std::string>{"wait-for-s-cache", "wait-for-app-migrate"});
    CHECK(text_at(web, {"spec", "template", "spec", "serviceAccountName"}) == "infractl-wait-for");
    const Value& inits = *web.at({"spec", "template", "spec", "initContainers"});
    CHECK(text_at(inits.items().at(0), {"args"}) ==
          "- wait\n- --for=condition=Ready\n- pod\n- --selector=app.kubernetes.io/instance=s-cache\n"
          "- --namespace=s\n- --timeout=10m\n");
    CHECK(text_at(inits.items().at(1), {"args"}) ==
          "- wait\n- --for=condition=complete\n- job/app-migrate\n- --namespace=s\n- --timeout=10m\n");
    // service_started orders nothing on Kubernetes: no wait.
    CHECK(init_names(object(e, "Deployment", "app-side")).empty());
    CHECK(text_at(object(e, "Deployment", "app-side"), {"spec", "template", "spec", "serviceAccountName"}) == "(absent)");
    for (const char* kind : {"ServiceAccount", "Role", "RoleBinding"}) CHECK(has_object(e, kind, "infractl-wait-for"));
}

TEST_CASE("k8s: an internal network admits only the pods on it", "[export]") {
    KubernetesExport e = example("prod");
    const Value& policy = object(e, "NetworkPolicy", "monorepo-data");
    CHECK(text_at(policy, {"spec", "podSelector"}) == "matchLabels:\n  io.infractl.network/data: \"true\"\n");
    CHECK(text_at(policy, {"spec", "ingress"}) ==
          "- from:\n    - podSelector:\n        matchLabels:\n          io.infractl.network/data: \"true\"\n");
    CHECK_FALSE(has_object(e, "NetworkPolicy", "monorepo-app"));
    const Value& pod = *object(e, "Deployment", "turfoo-celery-worker").at({"spec", "template", "metadata", "labels"});
    CHECK(text_at(pod, {"io.infractl.network/data"}) == "true");
    CHECK(text_at(pod, {"io.infractl.network/app"}) == "true");
}

TEST_CASE("k8s: managed services are only the injected variable", "[export]") {
    KubernetesExport e = example("prod");
    CHECK_FALSE(has_object(e, "Service", "redis"));
    CHECK_FALSE(has_object(e, "StatefulSet", "turfoo-postgres"));
    CHECK(text_at(object(e, "ConfigMap", "turfoo-celery-worker-env"), {"data", "CELERY_BROKER_URL"}) ==
          "redis://cache.prod.internal:6379/0");
    // The worker waited for redis and postgres: managed, so nothing to wait for.
    CHECK(init_names(object(e, "Deployment", "turfoo-celery-worker")).empty());
}

TEST_CASE("k8s: ownership labels, and globals without the '_global' value Kubernetes refuses", "[export]") {
    KubernetesExport e = example("dev");
    const Value& labels = *object(e, "StatefulSet", "monorepo-redis").at({"metadata", "labels"});
    CHECK(emit_yaml(labels) ==
          "app.kubernetes.io/managed-by: infractl\napp.kubernetes.io/part-of: monorepo\n"
          "io.infractl.managed-by: infractl\nio.infractl.stack: monorepo\napp.kubernetes.io/name: redis\n"
          "app.kubernetes.io/instance: monorepo-redis\nio.infractl.global: \"true\"\nio.infractl.service: redis\n");
    const Value& worker = *object(e, "Deployment", "turfoo-celery-worker").at({"metadata", "labels"});
    CHECK(text_at(worker, {"io.infractl.project"}) == "turfoo");
    CHECK(text_at(object(e, "Deployment", "turfoo-celery-worker"), {"spec", "selector"}) ==
          "matchLabels:\n  app.kubernetes.io/instance: turfoo-celery-worker\n");
}

TEST_CASE("k8s: --project keeps the project and the globals it depends on", "[export]") {
    KubernetesOptions opts;
    opts.project = "turfoo";
    KubernetesExport e = export_kubernetes(example_state("dev"), opts);
    CHECK(has_object(e, "Deployment", "turfoo-celery-worker"));
    CHECK(has_object(e, "StatefulSet", "monorepo-redis"));
    CHECK_FALSE(has_object(e, "Deployment", "order-celery-worker"));
    CHECK_FALSE(has_object(e, "StatefulSet", "monorepo-minio"));
}

TEST_CASE("k8s: what is not mapped is a warning, never a silent drop", "[export]") {
    DesiredState state = state_of(R"Y(version: 1
stack: s
networks: {net: {}}
projects:
  app:
    services:
      web:
        image: web:1
        user: www-data
        ports: ["8080:80"]
        volumes: ["/srv/site:/usr/share/site:ro"]
)Y");
    KubernetesExport e = export_kubernetes(state, {});
    CHECK(e.warnings == std::vector<std::string>{
                            "app/web: bind mount /srv/site:/usr/share/site is not exported (a host path does not exist "
                            "on cluster nodes; use a ConfigMap or a volume)",
                            "app/web: user 'www-data' is not exported: Kubernetes takes a numeric uid (runAsUser)",
                            "host ports of app/web are not published: the Services are cluster-internal (use kubectl "
                            "port-forward, a NodePort or an Ingress)",
                        });
}

TEST_CASE("k8s: objects are sorted and exporting twice gives the same text", "[export]") {
    for (const std::string profile : {"dev", "staging", "prod"}) {
        KubernetesExport a = example(profile), b = example(profile);
        CHECK(emit_stream(a.objects) == emit_stream(b.objects));
        for (std::size_t i = 1; i < a.objects.size(); ++i) CHECK(file_name(a.objects[i - 1]) < file_name(a.objects[i]));
    }
}

TEST_CASE("k8s: the KEDA trigger reads the broker URL the service itself uses", "[export]") {
    DesiredState state = state_of(R"Y(version: 1
stack: s
networks: {net: {}}
globals:
  cache:
    image: redis:7
    ports: ["6380"]
projects:
  app:
    services:
      worker:
        image: web:1
        environment:
          BROKER_URL: rediss://:pw@cache:6380/2
        depends_on: [cache]
        max_replicas: 4
        autoscale: {min: 0, queue: jobs, broker: cache, target_per_replica: 20, scale_down_delay: 5m}
)Y");
    KubernetesOptions opts;
    opts.autoscaler = Autoscaler::keda;
    KubernetesExport e = export_kubernetes(state, opts);
    const Value& so = object(e, "ScaledObject", "app-worker");
    CHECK(text_at(so, {"spec", "minReplicaCount"}) == "0");
    CHECK(text_at(so, {"spec", "maxReplicaCount"}) == "4");
    CHECK(text_at(so, {"spec", "cooldownPeriod"}) == "300");
    CHECK(text_at(so.at({"spec", "triggers"})->items().at(0), {"metadata"}) ==
          "address: cache:6380\ndatabaseIndex: \"2\"\nlistName: jobs\nlistLength: \"20\"\nenableTLS: \"true\"\n");
    CHECK(e.warnings == std::vector<std::string>{
                            "app/worker: the broker URL has a password; add a KEDA TriggerAuthentication for it (not "
                            "exported)"});
    // The same block as an HPA: min 0 cannot be, said so.
    KubernetesExport hpa = export_kubernetes(state, {});
    CHECK(text_at(object(hpa, "HorizontalPodAutoscaler", "app-worker"), {"spec", "minReplicas"}) == "1");
    CHECK(hpa.warnings == std::vector<std::string>{
                              "app/worker: autoscale min 0 is exported as minReplicas 1: an HPA scales to zero only "
                              "behind a feature gate (use --autoscaler keda)"});
}

TEST_CASE("k8s: stop signals as preStop hooks", "[export]") {
    static const struct {
        const char* signal;
        const char* hook;
    } cases[] = {
        {"SIGQUIT", "- sh\n- -c\n- kill -s QUIT 1\n"},
        {"SIGINT", "- sh\n- -c\n- kill -s INT 1\n"},
        {"SIGTERM", "(absent)"},
    };
    for (const auto& c : cases) {
        INFO(c.signal);
        DesiredState state = state_of(std::string("version: 1\nstack: s\nnetworks: {net: {}}\nprojects:\n  app:\n"
                                                  "    services:\n      web:\n        image: web:1\n"
                                                  "        stop_signal: ") +
                                      c.signal + "\n");
        KubernetesExport e = export_kubernetes(state, {});
        const Value& web = main_container(object(e, "Deployment", "app-web"));
        CHECK(text_at(web, {"lifecycle", "preStop", "exec", "command"}) == c.hook);
    }
}

TEST_CASE("k8s: secrets as files are not exported, and said so", "[export][secrets]") {
    KubernetesExport e = export_kubernetes(example_state("dev"), {});
    std::string all;
    for (const auto& w : e.warnings) all += w + "\n";
    CHECK(all.find("turfoo/postgres: secret turfoo-db-password (/run/secrets/turfoo-db-password) is not exported; "
                   "create a Secret and mount it there\n") != std::string::npos);
    CHECK(all.find("dev\n") == std::string::npos);  // the password itself
}
