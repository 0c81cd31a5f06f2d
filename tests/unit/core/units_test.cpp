#include <catch2/catch.hpp>

#include "infractl/core/units.hpp"

using namespace infractl;

TEST_CASE("parse_bytes accepts compose-style sizes as powers of 1024", "[units]") {
    static const struct {
        const char* text;
        std::int64_t bytes;
    } cases[] = {
        {"1024", 1024},
        {"0", 0},
        {"512M", 512ll << 20},
        {"512MB", 512ll << 20},
        {"512m", 512ll << 20},
        {"1G", 1ll << 30},
        {"1Gi", 1ll << 30},
        {"1GiB", 1ll << 30},
        {"1.5Gi", 1610612736},
        {"1.5G", 1610612736},
        {"256k", 256ll << 10},
        {"256K", 256ll << 10},
        {"2T", 2ll << 40},
        {"100b", 100},
        {" 64M ", 64ll << 20},
        {"0.5k", 512},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto b = parse_bytes(c.text);
        REQUIRE(b);
        CHECK(b->value == c.bytes);
    }
}

TEST_CASE("parse_bytes rejects negatives - unknown suffixes and huge values", "[units]") {
    for (const char* bad : {"", "-1", "-512M", "512Q", "M", "1.G", "1..5G", "12 M", "1e9", "5000000T", "abc",
                            "1GG", "9999999999999999999999"}) {
        INFO(bad);
        CHECK_FALSE(parse_bytes(bad));
    }
}

TEST_CASE("parse_cpus takes a positive number up to 1024", "[units]") {
    CHECK(parse_cpus("0.25")->value == 250'000'000);
    CHECK(parse_cpus("2")->value == 2'000'000'000);
    CHECK(parse_cpus("1.5")->value == 1'500'000'000);
    CHECK(parse_cpus("1024")->value == 1024'000'000'000);
    CHECK(parse_cpus("0.000000001")->value == 1);
    for (const char* bad : {"0", "0.0", "-1", "1025", "abc", "", "1.5x", ".", "1e3"}) {
        INFO(bad);
        CHECK_FALSE(parse_cpus(bad));
    }
}

TEST_CASE("parse_duration reads Go-style durations - a bare number is seconds", "[units]") {
    static const struct {
        const char* text;
        std::int64_t ns;
    } cases[] = {
        {"5s", 5'000'000'000},
        {"1m30s", 90'000'000'000},
        {"250ms", 250'000'000},
        {"2h", 7'200'000'000'000},
        {"10us", 10'000},
        {"0s", 0},
        {"0", 0},
        {"30", 30'000'000'000},
        {"1.5s", 1'500'000'000},
        {"100ns", 100},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto d = parse_duration(c.text);
        REQUIRE(d);
        CHECK(d->ns == c.ns);
    }
    for (const char* bad : {"", "5x", "s", "-5s", "1m30", "5 s", "99999999999h"}) {
        INFO(bad);
        CHECK_FALSE(parse_duration(bad));
    }
}

TEST_CASE("format_* give the canonical text and round-trip with the parsers", "[units]") {
    static const struct {
        std::int64_t bytes;
        const char* text;
    } bytes[] = {
        {512ll << 20, "512M"}, {1ll << 30, "1G"},  {1610612736, "1.5G"}, {256ll << 20, "256M"},
        {1023, "1023"},        {1024, "1k"},       {1536, "1.5k"},       {0, "0"},
        {2ll << 40, "2T"},     {(1ll << 30) + 1, "1073741825"},
    };
    for (const auto& c : bytes) {
        INFO(c.text);
        CHECK(format_bytes(Bytes{c.bytes}) == c.text);
        CHECK(parse_bytes(format_bytes(Bytes{c.bytes}))->value == c.bytes);
    }
    static const struct {
        std::int64_t nanos;
        const char* text;
    } cpus[] = {{250'000'000, "0.25"}, {2'000'000'000, "2"}, {1'500'000'000, "1.5"}, {1, "0.000000001"}};
    for (const auto& c : cpus) {
        INFO(c.text);
        CHECK(format_cpus(NanoCpus{c.nanos}) == c.text);
        CHECK(parse_cpus(format_cpus(NanoCpus{c.nanos}))->value == c.nanos);
    }
    static const struct {
        std::int64_t ns;
        const char* text;
    } durations[] = {{5'000'000'000, "5s"},   {90'000'000'000, "1m30s"}, {250'000'000, "250ms"},
                     {7'200'000'000'000, "2h"}, {10'000, "10us"},        {0, "0s"},
                     {1'500'000'000, "1s500ms"}, {3'723'000'000'001, "1h2m3s1ns"}};
    for (const auto& c : durations) {
        INFO(c.text);
        CHECK(format_duration(Duration{c.ns}) == c.text);
        CHECK(parse_duration(format_duration(Duration{c.ns}))->ns == c.ns);
    }
}

TEST_CASE("format_bytes round-trips every byte count it is given", "[units]") {
    for (std::int64_t v : {1ll, 7ll, 1000ll, 4095ll, 4096ll, 123456789ll, (3ll << 30) / 8, 1ll << 62}) {
        INFO(v);
        CHECK(parse_bytes(format_bytes(Bytes{v}))->value == v);
    }
}

TEST_CASE("docker_cpu_shares: 1 CPU is 1024 shares - at least 2 - and inverts exactly", "[units]") {
    static const struct {
        const char* cpus;
        std::int64_t shares;
    } cases[] = {{"0.25", 256}, {"0.5", 512}, {"1", 1024}, {"2", 2048}, {"0.3", 307}, {"0.001", 2}};
    for (const auto& c : cases) {
        INFO(c.cpus);
        auto cpus = parse_cpus(c.cpus);
        REQUIRE(cpus);
        CHECK(docker_cpu_shares(*cpus) == c.shares);
        // What inspect reads back maps to the same shares: the diff compares shares.
        CHECK(docker_cpu_shares(cpus_from_docker_shares(c.shares)) == c.shares);
    }
}

TEST_CASE("format_bytes_human: binary units with one decimal for people", "[units]") {
    static const struct {
        std::int64_t bytes;
        const char* text;
    } cases[] = {{0, "0 B"},
                 {512, "512 B"},
                 {1024, "1.0 KiB"},
                 {39'137'280, "37.3 MiB"},
                 {std::int64_t{1} << 30, "1.0 GiB"},
                 {std::int64_t{3} << 39, "1.5 TiB"}};
    for (const auto& c : cases) CHECK(format_bytes_human(Bytes{c.bytes}) == c.text);
}
