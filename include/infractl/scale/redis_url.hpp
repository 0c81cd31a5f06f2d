#pragma once
// A broker reached by URL: the managed endpoint a profile gives Redis
// (`managed: {endpoint: redis://...}`, the seed's prod ElastiCache), so the
// autoscaler reads the queue where the workers read it.
//   redis://[[user]:password@]host[:port][/db]
// rediss:// (TLS) is recognised and refused: Debian 12's hiredis has no TLS.
#include <optional>
#include <string>

namespace infractl {

struct RedisUrl {
    std::string host;
    int port = 6379;
    std::string user;      // "" = the default user (AUTH password)
    std::string password;  // "" = no AUTH; percent-decoded
    int db = 0;
    bool tls = false;
};

// nullopt, with `error` saying why, for anything that is not such a URL.
std::optional<RedisUrl> parse_redis_url(const std::string& url, std::string& error);

// The URL without its password, for messages ("redis://:***@host:6379/0").
std::string redacted_redis_url(const std::string& url);

}  // namespace infractl
