#include "infractl/core/listen_address.hpp"

#include <arpa/inet.h>

#include <charconv>

#include <fmt/format.h>

namespace infractl {

namespace {

ListenParse fail(std::string why) { return ListenParse{std::nullopt, std::move(why)}; }

std::optional<int> parse_port(std::string_view text) {
    int port = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc{} || end != text.data() + text.size() || port < 0 || port > 65535) return std::nullopt;
    return port;
}

}  // namespace

bool ListenAddress::loopback() const {
    if (ipv6) return host == "::1";
    in_addr a{};
    if (inet_pton(AF_INET, host.c_str(), &a) != 1) return false;
    return (ntohl(a.s_addr) >> 24) == 127;
}

std::string ListenAddress::str() const {
    return ipv6 ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

ListenParse parse_listen_address(std::string_view text) {
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos)
        return fail(fmt::format("'{}' is not HOST:PORT", text));
    std::string_view host = text.substr(0, colon);
    std::optional<int> port = parse_port(text.substr(colon + 1));
    if (!port) return fail(fmt::format("'{}' is not a port (0 to 65535)", text.substr(colon + 1)));
    ListenAddress a;
    a.port = *port;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        a.host = std::string(host.substr(1, host.size() - 2));
        a.ipv6 = true;
        in6_addr v6{};
        if (inet_pton(AF_INET6, a.host.c_str(), &v6) != 1)
            return fail(fmt::format("'{}' is not an IPv6 address", a.host));
        return ListenParse{a, {}};
    }
    a.host = host == "localhost" ? "127.0.0.1" : std::string(host);
    in_addr v4{};
    if (a.host.empty() || inet_pton(AF_INET, a.host.c_str(), &v4) != 1)
        return fail(fmt::format("'{}' is not an IPv4 address, [IPv6] or localhost", host));
    return ListenParse{a, {}};
}

}  // namespace infractl
