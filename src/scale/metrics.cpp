#include "infractl/scale/metrics.hpp"

#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include <algorithm>
#include <future>
#include <memory>

#include <fmt/format.h>

#include "infractl/scale/celery_queue.hpp"
#include "infractl/scale/redis_info.hpp"
#include "infractl/scale/redis_url.hpp"

namespace infractl {

namespace {

struct Endpoint {
    std::string host;
    int port = 0;
};

// Where a service's container port is reached: its published port on this
// host, or (MetricsReach::service_network, infractl inside the stack) its
// network alias ("redis", "turfoo-postgres") at the container port.
std::optional<Endpoint> reach_port(const DesiredService& s, int container_port, MetricsReach reach);

// How a note names the way a port was looked for, when none was found.
std::string no_reach(const DesiredService& s, int container_port) {
    return fmt::format("{} publishes no port for {} on this host", s.key.str(), container_port);
}

// The host address a service's container port is published on, if any.
std::optional<Endpoint> published(const DesiredService& s, int container_port) {
    for (const auto& p : s.spec.ports) {
        if (p.container_port != container_port || p.host_port == 0 || p.protocol != "tcp") continue;
        std::string host = p.host_ip.empty() || p.host_ip == "0.0.0.0" ? "127.0.0.1" : p.host_ip;
        return Endpoint{host, p.host_port};
    }
    return std::nullopt;
}

std::optional<Endpoint> reach_port(const DesiredService& s, int container_port, MetricsReach reach) {
    if (reach == MetricsReach::service_network) return Endpoint{s.spec.network_alias, container_port};
    return published(s, container_port);
}

const DesiredService* broker_of(const DesiredState& d, const DesiredService& s) {
    const std::string& name = s.autoscale->broker;
    if (const DesiredService* b = d.find({s.key.project, name})) return b;
    return d.find({kGlobalProject, name});
}

using RedisPtr = std::unique_ptr<redisContext, decltype(&redisFree)>;

RedisPtr redis_connect(const Endpoint& e, std::string& error) {
    timeval timeout{2, 0};
    RedisPtr c(redisConnectWithTimeout(e.host.c_str(), e.port, timeout), &redisFree);
    if (!c || c->err) {
        error = fmt::format("cannot reach Redis at {}:{}: {}", e.host, e.port, c ? c->errstr : "out of memory");
        return RedisPtr(nullptr, &redisFree);
    }
    redisSetTimeout(c.get(), timeout);
    return c;
}

// One INFO reply: its default sections hold memory and stats.
std::optional<std::string> redis_info(redisContext* c) {
    auto* r = static_cast<redisReply*>(redisCommand(c, "INFO"));
    if (!r) return std::nullopt;
    std::optional<std::string> text;
    if (r->type == REDIS_REPLY_STRING) text = std::string(r->str, r->len);
    freeReplyObject(r);
    return text;
}

// Every task of a Celery queue (scale/celery_queue.hpp): the lists of its
// priority steps and the unacked tasks workers hold. nullopt (with a note)
// when Redis does not answer as expected.
std::optional<long long> celery_queue_length(redisContext* c, const std::string& queue,
                                             std::vector<std::string>& unavailable) {
    long long total = 0;
    for (const auto& key : celery_queue_lists(queue)) {
        auto* r = static_cast<redisReply*>(redisCommand(c, "LLEN %b", key.data(), key.size()));
        bool ok = r && r->type == REDIS_REPLY_INTEGER;
        if (ok) total += r->integer;
        if (r) freeReplyObject(r);
        if (!ok) {
            unavailable.push_back(fmt::format("queue length: LLEN of '{}' failed: {}", queue, c->err ? c->errstr : "not an integer"));
            return std::nullopt;
        }
    }
    auto* r = static_cast<redisReply*>(redisCommand(c, "HVALS %s", kCeleryUnackedHash));
    if (!r || (r->type != REDIS_REPLY_ARRAY && r->type != REDIS_REPLY_NIL)) {
        if (r) freeReplyObject(r);
        unavailable.push_back("queue length: HVALS unacked failed");
        return std::nullopt;
    }
    std::vector<std::string> values;
    for (std::size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; ++i)
        if (r->element[i]->type == REDIS_REPLY_STRING) values.emplace_back(r->element[i]->str, r->element[i]->len);
    freeReplyObject(r);
    return total + celery_unacked_for(queue, values);
}

const ManagedService* managed_broker(const DesiredState& d, const DesiredService& s) {
    const std::string& name = s.autoscale->broker;
    for (const auto& key : {ServiceKey{s.key.project, name}, ServiceKey{kGlobalProject, name}})
        for (const auto& m : d.managed)
            if (m.key == key) return &m;
    return nullptr;
}

// AUTH and SELECT as the URL asks; false (with `error`) when Redis refuses.
bool redis_login(redisContext* c, const RedisUrl& url, std::string& error) {
    auto command = [&](redisReply* r, const char* what) {
        bool ok = r && r->type != REDIS_REPLY_ERROR;
        if (!ok) error = fmt::format("{} failed: {}", what, r ? std::string(r->str, r->len) : c->errstr);
        if (r) freeReplyObject(r);
        return ok;
    };
    if (!url.password.empty()) {
        auto* r = url.user.empty()
                      ? static_cast<redisReply*>(redisCommand(c, "AUTH %s", url.password.c_str()))
                      : static_cast<redisReply*>(redisCommand(c, "AUTH %s %s", url.user.c_str(), url.password.c_str()));
        if (!command(r, "AUTH")) return false;
    }
    if (url.db != 0 && !command(static_cast<redisReply*>(redisCommand(c, "SELECT %d", url.db)), "SELECT")) return false;
    return true;
}

// The broker's Redis: a managed endpoint by its URL (the prod profile),
// else the broker service's port published on this host. Says which in
// m.sources; nullptr (with a note) when neither answers.
RedisPtr broker_connection(const DesiredState& d, const DesiredService& s, ServiceMetrics& m, MetricsReach reach) {
    RedisPtr none(nullptr, &redisFree);
    std::string error;
    if (const ManagedService* managed = managed_broker(d, s)) {
        std::string shown = redacted_redis_url(managed->endpoint);
        auto url = parse_redis_url(managed->endpoint, error);
        if (url && url->tls) error = "rediss:// (TLS) is not supported: this build's hiredis has no TLS";
        if (!url || url->tls) {
            m.unavailable.push_back(fmt::format("queue length: managed broker {}: {}", shown, error));
            return none;
        }
        auto c = redis_connect(Endpoint{url->host, url->port}, error);
        if (c && !redis_login(c.get(), *url, error)) c.reset();
        if (!c) {
            m.unavailable.push_back(fmt::format("queue length: managed broker {}: {}", shown, error));
            return none;
        }
        m.sources.push_back(fmt::format("queue length from {} (managed endpoint)", shown));
        return c;
    }
    const DesiredService* broker = broker_of(d, s);
    if (!broker) {
        m.unavailable.push_back(fmt::format("queue length: no broker service '{}'", s.autoscale->broker));
        return none;
    }
    auto ep = reach_port(*broker, 6379, reach);
    if (!ep) {
        m.unavailable.push_back("queue length: " + no_reach(*broker, 6379));
        return none;
    }
    auto c = redis_connect(*ep, error);
    if (!c) {
        m.unavailable.push_back("queue length: " + error);
        return none;
    }
    m.sources.push_back(reach == MetricsReach::service_network
                            ? fmt::format("queue length from {}:{} (on the stack network)", ep->host, ep->port)
                            : fmt::format("queue length from {}:{} (port of {} published on this host)", ep->host,
                                          ep->port, broker->key.str()));
    return c;
}

void queue_metrics(const DesiredState& d, const DesiredService& s, ServiceMetrics& m, MetricsReach reach) {
    auto c = broker_connection(d, s, m, reach);
    if (!c) return;
    std::optional<long long> total = celery_queue_length(c.get(), s.autoscale->queue, m.unavailable);
    if (total) m.queue_length = *total;
}

void redis_metrics(const DesiredService& s, ServiceMetrics& m, MetricsReach reach) {
    auto ep = reach_port(s, 6379, reach);
    if (!ep) return;
    std::string error;
    auto c = redis_connect(*ep, error);
    if (!c) {
        m.unavailable.push_back("redis INFO: " + error);
        return;
    }
    std::optional<std::string> info = redis_info(c.get());
    if (!info) {
        m.unavailable.push_back(fmt::format("redis INFO failed: {}", c->err ? c->errstr : "not a string"));
        return;
    }
    m.evicted_keys = redis_info_value(*info, "evicted_keys");
    m.redis_used_memory = redis_info_value(*info, "used_memory");
    m.redis_ops_per_second = redis_info_value(*info, "instantaneous_ops_per_sec");
}

std::string env_of(const DesiredService& s, const std::string& key, const std::string& fallback) {
    auto it = s.spec.environment.find(key);
    return it == s.spec.environment.end() || it->second.value.empty() ? fallback : it->second.value;
}

// POSTGRES_PASSWORD, or the content of the secret POSTGRES_PASSWORD_FILE names
// (/run/secrets/TARGET), as the image's entrypoint reads it.
std::string postgres_password(const DesiredService& s) {
    std::string password = env_of(s, "POSTGRES_PASSWORD", "");
    std::string file = env_of(s, "POSTGRES_PASSWORD_FILE", "");
    if (!password.empty() || file.rfind("/run/secrets/", 0) != 0) return password;
    for (const auto& secret : s.spec.secrets)
        if ("/run/secrets/" + secret.target == file) {
            std::string content = secret.content;
            while (!content.empty() && content.back() == '\n') content.pop_back();  // as $(<file) in the entrypoint
            return content;
        }
    return password;
}

void postgres_metrics(const DesiredService& s, ServiceMetrics& m, MetricsReach reach) {
    auto ep = reach_port(s, 5432, reach);
    if (!ep) {
        m.unavailable.push_back("connections: no port published for 5432 on this host");
        return;
    }
    std::string user = env_of(s, "POSTGRES_USER", "postgres");
    const char* keys[] = {"host", "port", "user", "password", "dbname", "connect_timeout", nullptr};
    std::string port = std::to_string(ep->port);
    std::string password = postgres_password(s);
    std::string db = env_of(s, "POSTGRES_DB", user);
    const char* values[] = {ep->host.c_str(), port.c_str(), user.c_str(), password.c_str(), db.c_str(), "3", nullptr};
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdbParams(keys, values, 0), &PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(conn.get());
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        m.unavailable.push_back(fmt::format("connections: {}", msg));
        return;
    }
    auto scalar = [&](const char* sql) -> std::optional<int> {
        std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn.get(), sql), &PQclear);
        if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) < 1) return std::nullopt;
        return std::atoi(PQgetvalue(r.get(), 0, 0));
    };
    m.db_connections = scalar("SELECT count(*) FROM pg_stat_activity");
    m.db_max_connections = scalar("SHOW max_connections");
}

// By image name; RedisInsight and the Prometheus exporters name Redis or
// PostgreSQL in their images but speak neither protocol.
bool is_tool(const DesiredService& s) {
    return s.key.service.find("insight") != std::string::npos || s.spec.image.find("exporter") != std::string::npos;
}
bool is_redis(const DesiredService& s) { return s.spec.image.find("redis") != std::string::npos && !is_tool(s); }
bool is_postgres(const DesiredService& s) { return s.spec.image.find("postgres") != std::string::npos && !is_tool(s); }

void container_metrics(const std::vector<const ObservedContainer*>& running, Engine& engine, ServiceMetrics& m) {
    if (running.empty()) return;
    std::vector<std::future<ContainerStats>> futures;
    for (const auto* c : running)
        futures.push_back(std::async(std::launch::async, [&engine, c] { return engine.stats(c->id); }));
    double cpu = 0;
    std::int64_t mem = 0;
    int read = 0;
    for (auto& f : futures) {
        try {
            ContainerStats st = f.get();
            cpu += st.cpu_percent;
            mem = std::max(mem, st.memory_used);
            ++read;
        } catch (const std::exception& e) {
            m.unavailable.push_back(fmt::format("stats: {}", e.what()));
        }
    }
    if (read > 0) {
        m.cpu_percent = cpu / read;
        m.memory_used = mem;
    }
}

}  // namespace

std::vector<ServiceMetrics> collect_metrics(const DesiredState& desired, const ObservedState& observed,
                                            Engine& engine, const std::string& project, MetricsReach reach) {
    std::vector<ServiceMetrics> out;
    for (const auto& s : desired.services) {
        if (!project.empty() && s.key.project != project && !s.global) continue;
        ServiceMetrics m;
        m.key = s.key;
        std::vector<const ObservedContainer*> running;
        for (const auto& c : observed.containers)
            if (c.project() == s.key.project && c.service() == s.key.service && c.state == ContainerState::running)
                running.push_back(&c);
        m.running = static_cast<int>(running.size());
        container_metrics(running, engine, m);
        if (s.autoscale && !s.autoscale->queue.empty()) queue_metrics(desired, s, m, reach);
        if (is_redis(s)) redis_metrics(s, m, reach);
        if (is_postgres(s) && m.running > 0) postgres_metrics(s, m, reach);
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace infractl
