#include "infractl/scale/redis_url.hpp"

#include <cctype>

namespace infractl {

namespace {

std::string percent_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::optional<int> number(const std::string& s, int max) {
    if (s.empty() || s.size() > 5) return std::nullopt;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    int v = std::stoi(s);
    return v <= max ? std::optional<int>(v) : std::nullopt;
}

}  // namespace

std::optional<RedisUrl> parse_redis_url(const std::string& url, std::string& error) {
    RedisUrl r;
    std::string rest;
    if (url.rfind("redis://", 0) == 0) {
        rest = url.substr(8);
    } else if (url.rfind("rediss://", 0) == 0) {
        rest = url.substr(9);
        r.tls = true;
    } else {
        error = "not a redis:// URL";
        return std::nullopt;
    }
    std::size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    std::string path = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (auto q = path.find('?'); q != std::string::npos) path.resize(q);
    if (std::size_t at = authority.rfind('@'); at != std::string::npos) {
        std::string info = authority.substr(0, at);
        authority = authority.substr(at + 1);
        std::size_t colon = info.find(':');
        if (colon == std::string::npos) {
            r.user = percent_decode(info);  // a user without a password: no AUTH, as redis-py reads it
        } else {
            r.user = percent_decode(info.substr(0, colon));
            r.password = percent_decode(info.substr(colon + 1));
        }
    }
    std::size_t colon = authority.rfind(':');
    if (colon != std::string::npos && authority.find(']') == std::string::npos) {
        auto port = number(authority.substr(colon + 1), 65535);
        if (!port || *port == 0) {
            error = "the port is not a number from 1 to 65535";
            return std::nullopt;
        }
        r.port = *port;
        authority.resize(colon);
    }
    if (authority.empty()) {
        error = "no host";
        return std::nullopt;
    }
    r.host = authority;
    if (!path.empty()) {
        auto db = number(path, 100000);
        if (!db) {
            error = "the database ('/" + path + "') is not a number";
            return std::nullopt;
        }
        r.db = *db;
    }
    return r;
}

std::string redacted_redis_url(const std::string& url) {
    std::size_t scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    std::size_t start = scheme + 3;
    std::size_t end = url.find('/', start);
    std::size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
    if (at == std::string::npos || at < start) return url;
    std::string info = url.substr(start, at - start);
    std::size_t colon = info.find(':');
    std::string user = colon == std::string::npos ? "" : info.substr(0, colon);
    return url.substr(0, start) + user + ":***" + url.substr(at);
}

}  // namespace infractl
