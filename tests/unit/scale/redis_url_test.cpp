#include <catch2/catch.hpp>

#include "infractl/scale/redis_url.hpp"

using namespace infractl;

TEST_CASE("parse_redis_url: the forms a managed broker endpoint takes", "[scale][redis]") {
    std::string error;
    auto plain = parse_redis_url("redis://cache.prod.internal:6379/0", error);
    REQUIRE(plain);
    CHECK(plain->host == "cache.prod.internal");
    CHECK(plain->port == 6379);
    CHECK(plain->db == 0);
    CHECK(plain->password.empty());
    CHECK_FALSE(plain->tls);

    auto full = parse_redis_url("redis://app:p%40ss%3Aw@127.0.0.1:26480/3", error);
    REQUIRE(full);
    CHECK(full->user == "app");
    CHECK(full->password == "p@ss:w");
    CHECK(full->port == 26480);
    CHECK(full->db == 3);

    auto password_only = parse_redis_url("redis://:secret@h", error);
    REQUIRE(password_only);
    CHECK(password_only->user.empty());
    CHECK(password_only->password == "secret");
    CHECK(password_only->port == 6379);

    auto user_only = parse_redis_url("redis://app@h/2", error);
    REQUIRE(user_only);
    CHECK(user_only->user == "app");
    CHECK(user_only->password.empty());  // no AUTH, as redis-py reads it
    CHECK(user_only->db == 2);

    auto tls = parse_redis_url("rediss://h:6380", error);
    REQUIRE(tls);
    CHECK(tls->tls);

    static const struct {
        const char* url;
        const char* error;
    } bad[] = {
        {"http://h:6379", "not a redis:// URL"},
        {"redis://h:0", "the port is not a number from 1 to 65535"},
        {"redis://h:http", "the port is not a number from 1 to 65535"},
        {"redis://:6379/0", "no host"},
        {"redis://h/zero", "the database ('/zero') is not a number"},
    };
    for (const auto& b : bad) {
        INFO(b.url);
        std::string why;
        CHECK_FALSE(parse_redis_url(b.url, why));
        CHECK(why == b.error);
    }
}

TEST_CASE("redacted_redis_url: never the password", "[scale][redis]") {
    CHECK(redacted_redis_url("redis://app:secret@h:6379/0") == "redis://app:***@h:6379/0");
    CHECK(redacted_redis_url("redis://:secret@h") == "redis://:***@h");
    CHECK(redacted_redis_url("redis://h:6379/0") == "redis://h:6379/0");
}
