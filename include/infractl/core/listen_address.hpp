#pragma once
// The address `infractl metrics --listen` serves on: "HOST:PORT" with an IPv4
// literal, "localhost", or "[IPv6]". Pure: parsing and the loopback test, no
// socket. Loopback is 127.0.0.0/8, ::1 and "localhost"; anything else (0.0.0.0
// included) reaches other machines and needs the caller's consent
// (--listen-any).
#include <optional>
#include <string>
#include <string_view>

namespace infractl {

struct ListenAddress {
    std::string host;  // as given, brackets removed; "localhost" becomes 127.0.0.1
    int port = 0;      // 0: any free port, chosen by the kernel
    bool ipv6 = false;
    bool loopback() const;
    std::string str() const;  // "127.0.0.1:9464", "[::1]:9464"
};

struct ListenParse {
    std::optional<ListenAddress> address;
    std::string error;  // set when address is empty: what is wrong with the text
};

ListenParse parse_listen_address(std::string_view text);

}  // namespace infractl
