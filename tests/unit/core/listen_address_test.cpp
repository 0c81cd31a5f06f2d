#include <catch2/catch.hpp>

#include "infractl/core/listen_address.hpp"

using namespace infractl;

TEST_CASE("parse_listen_address reads HOST:PORT and knows loopback", "[listen]") {
    static const struct {
        const char* text;
        const char* str;
        bool loopback;
    } cases[] = {
        {"127.0.0.1:9464", "127.0.0.1:9464", true},
        {"127.1.2.3:80", "127.1.2.3:80", true},
        {"localhost:9464", "127.0.0.1:9464", true},
        {"[::1]:9464", "[::1]:9464", true},
        {"0.0.0.0:9464", "0.0.0.0:9464", false},
        {"192.168.1.5:0", "192.168.1.5:0", false},
        {"[::]:9464", "[::]:9464", false},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        ListenParse p = parse_listen_address(c.text);
        REQUIRE(p.address);
        CHECK(p.address->str() == c.str);
        CHECK(p.address->loopback() == c.loopback);
    }
}

TEST_CASE("parse_listen_address says what is wrong", "[listen]") {
    static const struct {
        const char* text;
        const char* error;
    } cases[] = {
        {"9464", "'9464' is not HOST:PORT"},
        {"127.0.0.1:", "'' is not a port (0 to 65535)"},
        {"127.0.0.1:70000", "'70000' is not a port (0 to 65535)"},
        {"127.0.0.1:9x", "'9x' is not a port (0 to 65535)"},
        {"example.org:9464", "'example.org' is not an IPv4 address, [IPv6] or localhost"},
        {":9464", "'' is not an IPv4 address, [IPv6] or localhost"},
        {"[zz]:9464", "'zz' is not an IPv6 address"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        ListenParse p = parse_listen_address(c.text);
        CHECK_FALSE(p.address);
        CHECK(p.error == c.error);
    }
}
