#include <catch2/catch.hpp>

#include "infractl/core/error.hpp"
#include "infractl/scale/scale_request.hpp"
#include "support/desired_builders.hpp"

using namespace infractl;
using plan_fixtures::bare_service;

namespace {


DesiredState example() {
    DesiredState d;
    d.stack = "monorepo";
    d.profile = "dev";
    auto redis = bare_service(kGlobalProject, "redis", 1);
    redis.global = true;
    auto worker = bare_service("turfoo", "celery-worker", 1);
    worker.max_replicas = 10;
    auto beat = bare_service("turfoo", "celery-beat", 1);
    beat.singleton = true;
    beat.singleton_reason = "multiple beat instances cause duplicate scheduled tasks";
    d.services = {redis, worker, beat};
    d.managed.push_back({{"order", "postgres"}, "postgresql://db.internal:5432/order", "POSTGRES_URL"});
    return d;
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what() + (e.hint().empty() ? std::string() : " | " + e.hint());
    }
    return "no error";
}

}  // namespace

TEST_CASE("scale requests parse SERVICE=N and SERVICE=reset") {
    auto r = parse_scale_requests("turfoo", {"celery-worker=5", "celery-beat=reset"});
    REQUIRE(r.size() == 2);
    CHECK(r[0].service == "celery-worker");
    CHECK(r[0].replicas == 5);
    CHECK(r[1].service == "celery-beat");
    CHECK_FALSE(r[1].replicas.has_value());
}

TEST_CASE("bad scale requests are refused with a hint") {
    struct Case {
        const char* input;
        const char* error;
    } cases[] = {
        {"celery-worker", "bad scale request 'celery-worker' | write SERVICE=N (e.g. celery-worker=5) or SERVICE=reset"},
        {"=5", "bad scale request '=5' | write SERVICE=N (e.g. celery-worker=5) or SERVICE=reset"},
        {"celery-worker=", "bad scale request 'celery-worker=' | write SERVICE=N (e.g. celery-worker=5) or SERVICE=reset"},
        {"celery-worker=-1", "bad replica count '-1' for 'celery-worker' | use a whole number from 0 to 10000, or 'reset'"},
        {"celery-worker=3x", "bad replica count '3x' for 'celery-worker' | use a whole number from 0 to 10000, or 'reset'"},
    };
    for (const auto& c : cases) {
        INFO(c.input);
        CHECK(error_of([&] { parse_scale_requests("turfoo", {c.input}); }) == c.error);
    }
}

TEST_CASE("scale refusals name the reason and change nothing") {
    DesiredState d = example();
    struct Case {
        const char* project;
        const char* assignment;
        const char* error;
    } cases[] = {
        {"turfoo", "celery-beat=2",
         "turfoo/celery-beat is a singleton: multiple beat instances cause duplicate scheduled tasks | nothing was "
         "changed"},
        {"turfoo", "celery-worker=11",
         "turfoo/celery-worker allows at most 10 replicas (max_replicas); asked for 11 | raise max_replicas in the "
         "topology or profile if this is intended"},
        {kGlobalProject, "redis=2",
         "redis is a global singleton shared by every project: it cannot run 2 replicas"},
        {"turfoo", "celery-wroker=2", "unknown service 'celery-wroker' in project 'turfoo' | did you mean 'celery-worker'?"},
        {"turfo", "celery-worker=2", "unknown project 'turfo' | did you mean 'turfoo'?"},
        {"order", "postgres=2",
         "order/postgres is a managed endpoint in profile 'dev' (postgresql://db.internal:5432/order): there is "
         "nothing to scale"},
    };
    for (const auto& c : cases) {
        INFO(c.assignment);
        auto reqs = parse_scale_requests(c.project, {c.assignment});
        CHECK(error_of([&] { check_scale_requests(d, reqs); }) == c.error);
    }
    auto ok = parse_scale_requests("turfoo", {"celery-worker=10", "celery-beat=1"});
    CHECK(error_of([&] { check_scale_requests(d, ok); }) == "no error");
}

TEST_CASE("scale requests become overrides that remember the topology's count") {
    DesiredState d = example();
    Overrides o;
    apply_scale_requests(d, parse_scale_requests("turfoo", {"celery-worker=5"}), o);
    REQUIRE(o.count("turfoo/celery-worker") == 1);
    CHECK(o["turfoo/celery-worker"].replicas == 5);
    CHECK(o["turfoo/celery-worker"].base == 1);

    apply_scale_requests(d, parse_scale_requests("turfoo", {"celery-worker=reset"}), o);
    CHECK(o.empty());

    // Scaling back to the topology's own number is the same as a reset.
    apply_scale_requests(d, parse_scale_requests("turfoo", {"celery-worker=4"}), o);
    apply_scale_requests(d, parse_scale_requests("turfoo", {"celery-worker=1"}), o);
    CHECK(o.empty());
}
