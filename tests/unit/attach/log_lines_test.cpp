#include <catch2/catch.hpp>

#include "infractl/attach/log_lines.hpp"

using namespace infractl;

namespace {

Target target(const std::string& project, const std::string& service, int replica) {
    return {{project, service}, replica, project + "-" + service + "-" + std::to_string(replica), "id", ContainerState::running};
}

}  // namespace

TEST_CASE("log lines: timestamps split off, sortable, resumable", "[unit][attach]") {
    static const struct {
        const char* line;
        const char* time;
        const char* text;
        const char* sortable;
    } cases[] = {
        {"2026-12-02T01:02:03.123456789Z hello world", "2026-12-02T01:02:03.123456789Z", "hello world",
         "2026-12-02T01:02:03.123456789Z"},
        {"2026-12-02T01:02:03.5Z x", "2026-12-02T01:02:03.5Z", "x", "2026-12-02T01:02:03.500000000Z"},
        {"2026-12-02T01:02:03Z", "2026-12-02T01:02:03Z", "", "2026-12-02T01:02:03.000000000Z"},
        {"no time here", "", "no time here", ""},
    };
    for (const auto& c : cases) {
        auto [time, text] = split_timestamp(c.line);
        CHECK(time == c.time);
        CHECK(text == c.text);
        CHECK(sortable_time(time) == c.sortable);
    }
    CHECK(since_after("1970-01-01T00:00:10.5Z") == "10.500000001");
    CHECK(since_after("1970-01-01T00:00:10.999999999Z") == "11.000000000");
    CHECK(since_after("2026-12-02T01:02:03+01:00") == std::nullopt);
    CHECK(since_after("") == std::nullopt);
}

TEST_CASE("log lines: replicas merged by time, equal times keep their order", "[unit][attach]") {
    Target a = target("shop", "web", 1), b = target("shop", "web", 2);
    std::vector<LogLine> lines = {{a, StdStream::stdout_, "2026-01-01T00:00:02Z", "a2"},
                                  {a, StdStream::stdout_, "2026-01-01T00:00:03.5Z", "a3"},
                                  {b, StdStream::stderr_, "2026-01-01T00:00:01.25Z", "b1"},
                                  {b, StdStream::stdout_, "2026-01-01T00:00:02Z", "b2"},
                                  {b, StdStream::stdout_, "2026-01-01T00:00:03.25Z", "b3"}};
    merge_by_time(lines);
    std::vector<std::string> texts;
    for (const auto& l : lines) texts.push_back(l.text);
    CHECK(texts == std::vector<std::string>{"b1", "a2", "b2", "b3", "a3"});
}

TEST_CASE("log lines: prefixes, padding, colour and JSON", "[unit][attach]") {
    Target web = target("shop", "web", 2);
    Target redis{{kGlobalProject, "redis"}, 1, "monorepo-redis", "id", ContainerState::running};
    CHECK(web.label() == "shop/web#2");
    CHECK(redis.label() == "redis#1");
    std::size_t width = label_width({web, redis});
    CHECK(width == 10);

    LogLine line{redis, StdStream::stdout_, "2026-01-01T00:00:02Z", "ready"};
    CHECK(render_log_line(line, {.width = width}) == "redis#1    | ready\n");
    CHECK(render_log_line(line, {.timestamps = true, .width = width}) == "redis#1    | 2026-01-01T00:00:02Z ready\n");
    std::string coloured = render_log_line(line, {.color = true, .width = width});
    CHECK(coloured == std::string("\x1b[") + service_colour(redis.key) + "mredis#1    |\x1b[0m ready\n");
    CHECK(service_colour(web.key) == service_colour(target("shop", "web", 9).key));

    LogLine err{web, StdStream::stderr_, "2026-01-01T00:00:02Z", "boom \"x\""};
    CHECK(render_log_line(err, {.json = true}) ==
          "{\"container\":\"shop-web-2\",\"line\":\"boom \\\"x\\\"\",\"project\":\"shop\",\"replica\":2,"
          "\"service\":\"web\",\"stream\":\"stderr\",\"time\":\"2026-01-01T00:00:02Z\"}\n");
}
