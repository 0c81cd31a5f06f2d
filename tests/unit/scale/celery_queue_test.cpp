#include <catch2/catch.hpp>

#include "infractl/scale/celery_queue.hpp"

using namespace infractl;

TEST_CASE("celery queue: the priority steps of kombu's Redis transport are separate lists") {
    auto lists = celery_queue_lists("turfoo");
    REQUIRE(lists.size() == 4);
    CHECK(lists[0] == "turfoo");
    CHECK(lists[1] == std::string("turfoo\x06\x16") + "3");
    CHECK(lists[2] == std::string("turfoo\x06\x16") + "6");
    CHECK(lists[3] == std::string("turfoo\x06\x16") + "9");
}

TEST_CASE("celery queue: unacked tasks count for the queue their routing key names") {
    // As kombu stores them: dumps([message, exchange, routing_key]).
    std::vector<std::string> values = {
        R"([{"body": "W1tdLHt9XQ==", "properties": {"delivery_tag": "a"}}, "turfoo", "turfoo"])",
        R"([{"body": "x"}, "turfoo", "turfoo"])",
        R"([{"body": "x"}, "order", "order"])",
        R"([{"body": "x"}, "", "turfoo"])",
        "not json",
        R"({"a": 1})",
    };
    CHECK(celery_unacked_for("turfoo", values) == 3);
    CHECK(celery_unacked_for("order", values) == 1);
    CHECK(celery_unacked_for("none", values) == 0);
}
