#include <catch2/catch.hpp>

#include "infractl/scale/celery_worker.hpp"

using namespace infractl;

namespace {
using Argv = std::vector<std::string>;
}

TEST_CASE("celery_worker: the app and queues of a worker command, in every form Celery accepts", "[scale][celery]") {
    static const struct {
        Argv argv;
        std::optional<CeleryWorker> want;
    } cases[] = {
        {{"celery", "-A", "turfoo.celery_app", "worker", "--loglevel=info"}, CeleryWorker{"turfoo.celery_app", {}}},
        {{"celery", "-A", "t.app", "worker", "-Q", "turfoo"}, CeleryWorker{"t.app", {"turfoo"}}},
        {{"celery", "--app=t.app", "worker", "--queues", "a,b,,c"}, CeleryWorker{"t.app", {"a", "b", "c"}}},
        {{"celery", "-At.app", "worker", "-Qhigh", "-Q", "low"}, CeleryWorker{"t.app", {"high", "low"}}},
        {{"/usr/bin/celery", "--app", "t.app", "worker"}, CeleryWorker{"t.app", {}}},
        {{"python3", "-m", "celery", "-A", "t.app", "worker", "--concurrency", "4"}, CeleryWorker{"t.app", {}}},
        // Not a worker, or no app to address it with:
        {{"celery", "-A", "t.app", "beat", "-s", "/tmp/s"}, std::nullopt},
        {{"celery", "worker"}, std::nullopt},
        {{"celery", "-A"}, std::nullopt},
        {{"python3", "-c", "print('worker')"}, std::nullopt},
        {{"mycelery", "-A", "t.app", "worker"}, std::nullopt},
    };
    for (const auto& c : cases) {
        INFO(Catch::Detail::stringify(c.argv));
        auto got = celery_worker(c.argv);
        REQUIRE(got.has_value() == c.want.has_value());
        if (got) {
            CHECK(got->app == c.want->app);
            CHECK(got->queues == c.want->queues);
        }
    }
    CHECK_FALSE(celery_worker(std::nullopt));  // the image's default command is not known here
}

TEST_CASE("celery_drain_queues: the worker's queues, else Celery's default", "[scale][celery]") {
    CHECK(celery_drain_queues(CeleryWorker{"a", {}}) == std::vector<std::string>{"celery"});
    CHECK(celery_drain_queues(CeleryWorker{"a", {"x", "y"}}) == std::vector<std::string>{"x", "y"});
}

TEST_CASE("celery replies: tasks and queues from what `celery inspect --json` prints", "[scale][celery]") {
    const std::string active =
        "/usr/lib/python3/dist-packages/celery/platforms.py:840: SecurityWarning: ...\n"
        "{\"celery@1a2b3c\": [{\"id\": \"t-1\", \"name\": \"turfoo.tasks.record\", \"args\": [3]}, "
        "{\"id\": \"t-2\", \"name\": \"turfoo.tasks.add\"}]}\n";
    auto tasks = celery_reply_tasks(active);
    REQUIRE(tasks);
    REQUIRE(tasks->size() == 2);
    CHECK((*tasks)[0].id == "t-1");
    CHECK((*tasks)[0].name == "turfoo.tasks.record");
    CHECK((*tasks)[1].name == "turfoo.tasks.add");

    auto idle = celery_reply_tasks("{\"celery@1a2b3c\": []}\n");
    REQUIRE(idle);
    CHECK(idle->empty());

    // No node replied: Celery prints an error and no JSON.
    CHECK_FALSE(celery_reply_tasks("Error: No nodes replied within time constraint\n"));
    CHECK_FALSE(celery_reply_tasks(""));
    CHECK_FALSE(celery_reply_tasks("{not json\n"));

    auto queues = celery_reply_queues(
        "{\"celery@x\": [{\"name\": \"turfoo\", \"exchange\": {\"name\": \"turfoo\"}}, {\"name\": \"bulk\"}]}");
    REQUIRE(queues);
    CHECK(*queues == std::vector<std::string>{"turfoo", "bulk"});
    CHECK_FALSE(celery_reply_queues("Error: No nodes replied within time constraint"));
}
