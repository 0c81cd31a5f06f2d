// The password of a URL inside an otherwise plain value: masked, and nothing
// else touched.
#include <catch2/catch.hpp>

#include "infractl/core/redact.hpp"

using namespace infractl;

TEST_CASE("mask_url_passwords hides only the password of each URL", "[secrets]") {
    static const struct {
        const char* in;
        const char* out;
    } cases[] = {
        {"postgresql://user:pass@host/db", "postgresql://user:(sensitive)@host/db"},
        {"postgresql://turfoo@db.internal:5432/turfoo_db", "postgresql://turfoo@db.internal:5432/turfoo_db"},
        {"redis://:pw@cache:6379/0", "redis://:(sensitive)@cache:6379/0"},
        {"amqp://guest:guest@rabbit", "amqp://guest:(sensitive)@rabbit"},
        {"https://objects.prod.internal", "https://objects.prod.internal"},
        {"http://host:8080/path?user=a:b@c", "http://host:8080/path?user=a:b@c"},
        {"postgresql://u:p@ss@h/db", "postgresql://u:(sensitive)@h/db"},
        {"mongodb+srv://u:p@h1,h2/db?x=1", "mongodb+srv://u:(sensitive)@h1,h2/db?x=1"},
        {"redis://:a@h1:1 redis://:b@h2:2", "redis://:(sensitive)@h1:1 redis://:(sensitive)@h2:2"},
        {"--dsn='postgres://u:p@h/d'", "--dsn='postgres://u:(sensitive)@h/d'"},
        {"user:pass@host", "user:pass@host"},
        {"://:x@y", "://:x@y"},
        {"s3://bucket/key", "s3://bucket/key"},
        {"postgresql://user:@host/db", "postgresql://user:@host/db"},
        {"", ""},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(mask_url_passwords(c.in) == c.out);
        CHECK(has_url_password(c.in) == (std::string(c.in) != c.out));
    }
}
