// advise and autoscale: observe -> metrics -> advice (-> scale).
#include "infractl/app/advise.hpp"

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app_support.hpp"
#include "infractl/app/metrics_server.hpp"
#include "infractl/core/listen_address.hpp"
#include "infractl/scale/advice.hpp"
#include "infractl/scale/metrics.hpp"
#include "infractl/scale/prometheus_text.hpp"
#include "infractl/scale/redis_info.hpp"
#include "infractl/state/autoscale_store.hpp"

namespace infractl {

namespace {

std::string metric_summary(const ServiceMetrics& m) {
    std::vector<std::string> parts;
    if (m.cpu_percent) parts.push_back(fmt::format("cpu {:.0f}%", *m.cpu_percent));
    if (m.memory_used) parts.push_back("mem " + format_bytes_human(Bytes{*m.memory_used}));
    if (m.queue_length) parts.push_back(fmt::format("queue {}", *m.queue_length));
    if (m.db_connections) parts.push_back(fmt::format("conns {}/{}", *m.db_connections, m.db_max_connections.value_or(0)));
    if (m.redis_used_memory) parts.push_back("used " + format_bytes_human(Bytes{*m.redis_used_memory}));
    if (m.redis_ops_per_second) parts.push_back(fmt::format("{} ops/s", *m.redis_ops_per_second));
    if (m.evicted_per_second) parts.push_back(fmt::format("evicting {:.1f}/s", *m.evicted_per_second));
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out.empty() ? "-" : out;
}

std::string render_text(const std::vector<ServiceMetrics>& metrics, const std::vector<Advice>& advice) {
    std::string out = fmt::format("{:<24} {:>8}  {:<34} {:<12} {}\n", "SERVICE", "REPLICAS", "METRICS", "ADVICE", "WHY");
    for (std::size_t i = 0; i < advice.size(); ++i) {
        const Advice& a = advice[i];
        std::string replicas = a.suggested != a.current ? fmt::format("{} -> {}", a.current, a.suggested)
                                                        : std::to_string(a.current);
        out += fmt::format("{:<24} {:>8}  {:<34} {:<12} {}\n", a.key.str(), replicas, metric_summary(metrics[i]),
                           to_string(a.kind), a.reason);
    }
    for (const auto& m : metrics) {
        for (const auto& src : m.sources) out += fmt::format("source: {}: {}\n", m.key.str(), src);
        for (const auto& u : m.unavailable) out += fmt::format("note: {}: {}\n", m.key.str(), u);
    }
    return out;
}

std::string render_json(const std::vector<ServiceMetrics>& metrics, const std::vector<Advice>& advice) {
    nlohmann::ordered_json doc;
    doc["format_version"] = 1;
    doc["services"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < advice.size(); ++i) {
        const auto& a = advice[i];
        const auto& m = metrics[i];
        nlohmann::ordered_json s{{"service", a.key.str()}, {"advice", to_string(a.kind)},
                                 {"current", a.current}, {"suggested", a.suggested}, {"reason", a.reason}};
        nlohmann::ordered_json mj = nlohmann::ordered_json::object();
        if (m.cpu_percent) mj["cpu_percent"] = *m.cpu_percent;
        if (m.memory_used) mj["memory_used"] = *m.memory_used;
        if (m.queue_length) mj["queue_length"] = *m.queue_length;
        if (m.db_connections) mj["db_connections"] = *m.db_connections;
        if (m.db_max_connections) mj["db_max_connections"] = *m.db_max_connections;
        if (m.evicted_keys) mj["evicted_keys"] = *m.evicted_keys;
        if (m.evicted_per_second) mj["evicted_per_second"] = *m.evicted_per_second;
        if (m.redis_used_memory) mj["redis_used_memory"] = *m.redis_used_memory;
        if (m.redis_ops_per_second) mj["redis_ops_per_second"] = *m.redis_ops_per_second;
        s["metrics"] = mj;
        s["unavailable"] = m.unavailable;
        s["sources"] = m.sources;
        doc["services"].push_back(s);
    }
    return doc.dump(2) + "\n";
}

struct Round {
    std::vector<ServiceMetrics> metrics;
    std::vector<Advice> advice;
};

// Counters become rates against the previous reading in the state dir, which
// this reading then replaces. Losing the file only costs one rate.
void counter_rates(const Session& s, std::vector<ServiceMetrics>& metrics, bool keep) {
    CounterStore store = s.counter_store();
    CounterSamples samples = store.load();
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::milliseconds>(WallClock::now().time_since_epoch()).count();
    bool changed = false;
    for (auto& m : metrics) {
        if (!m.evicted_keys) continue;
        const std::string key = m.key.str() + " evicted_keys";
        CounterSample sample{now, *m.evicted_keys};
        auto it = samples.find(key);
        m.evicted_per_second = counter_rate(it == samples.end() ? std::nullopt : std::optional(it->second), sample);
        samples[key] = sample;
        changed = true;
    }
    if (!changed || !keep) return;
    try {
        store.save(samples);
    } catch (const std::exception& e) {
        std::cerr << fmt::format("note: cannot keep the counter samples in {}: {}\n", store.path(), e.what());
    }
}

enum class KeepSamples { yes, no };  // autoscale --dry-run writes nothing

// One observe of the session's backend, then metrics and advice from it.
Round measure(Session& s, const std::string& project, MetricsReach reach = MetricsReach::published_port,
              KeepSamples keep = KeepSamples::yes) {
    Reconciler& backend = s.reconciler();
    backend.observe(s.stack(), &s.desired());
    Round r;
    r.metrics = backend.metrics(s.desired(), project, reach);
    counter_rates(s, r.metrics, keep == KeepSamples::yes);
    r.advice = advise(s.desired(), r.metrics);
    return r;
}

bool autoscaled(const DesiredService* s, const Advice& a) {
    return s && s->autoscale &&
           (a.kind == AdviceKind::scale_out || a.kind == AdviceKind::scale_in || a.kind == AdviceKind::keep);
}

// Waits out the interval between rounds; false when interrupted.
bool sleep_between_rounds(Duration interval, const std::atomic<bool>& interrupted) {
    auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(interval.ns);
    while (std::chrono::steady_clock::now() < until && !interrupted)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return !interrupted;
}

MetricsReach metrics_reach(const std::string& text) {
    if (text == "published") return MetricsReach::published_port;
    if (text == "network") return MetricsReach::service_network;
    throw Error(ErrorKind::invalid_input, fmt::format("--reach '{}' is not published or network", text),
                "published: the ports services publish on this host; network: their aliases on the "
                "stack network (infractl running in a container of the stack)");
}

// Loopback unless the user consents: /metrics tells whoever asks what runs
// where, so it is not served to the network by accident.
ListenAddress checked_listen_address(const std::string& text, bool listen_any) {
    ListenParse p = parse_listen_address(text);
    if (!p.address)
        throw Error(ErrorKind::invalid_input, "--listen " + p.error,
                    "give HOST:PORT, e.g. --listen 127.0.0.1:9464");
    if (!p.address->loopback() && !listen_any)
        throw Error(ErrorKind::invalid_input,
                    fmt::format("--listen {} is not a loopback address: anyone who reaches it could read the "
                                "stack's metrics", p.address->str()),
                    "listen on 127.0.0.1 (or [::1]), or add --listen-any to serve other machines");
    return *p.address;
}

void print_notes(const std::vector<ServiceMetrics>& metrics) {
    for (const auto& m : metrics)
        for (const auto& u : m.unavailable) std::cerr << fmt::format("note: {}: {}\n", m.key.str(), u);
}

// Every request observes and measures anew (no cache: Prometheus's scrape
// interval is the sampling interval). Requests are answered one at a time
// by the server's thread; this thread only waits for SIGTERM/SIGINT.
ExitCode serve_metrics(Session& s, const ListenAddress& at, const std::string& project, MetricsReach reach) {
    InterruptGuard interrupt;
    MetricsServer server(at, [&s, &project, reach] {
        Round r = measure(s, project, reach);
        return prometheus_text(s.desired(), r.metrics);
    });
    ListenAddress bound = at;
    bound.port = server.port();
    std::cerr << fmt::format("infractl: serving http://{}/metrics (Ctrl-C to stop)\n", bound.str());
    while (!interrupt.flag()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return ExitCode::interrupted;
}

}  // namespace

ExitCode run_advise(const GlobalOptions& g, const AdviseCommandOptions& o) {
    Session s = Session::open(g);
    Round r = measure(s, o.project);
    std::cout << (g.output == "json" ? render_json(r.metrics, r.advice) : render_text(r.metrics, r.advice));
    return ExitCode::ok;
}

ExitCode run_metrics(const GlobalOptions& g, const MetricsCommandOptions& o) {
    MetricsReach reach = metrics_reach(o.reach);
    std::optional<ListenAddress> at;
    if (!o.listen.empty()) at = checked_listen_address(o.listen, o.listen_any);
    Session s = Session::open(g);
    if (at) return serve_metrics(s, *at, o.project, reach);
    Round r = measure(s, o.project, reach);
    std::cout << prometheus_text(s.desired(), r.metrics);
    print_notes(r.metrics);
    return ExitCode::ok;
}

// The topology is read once, when autoscale starts: restart it after editing.
// Each round: one observe, the HPA's proposal per service (advise), then its
// stabilisation window and rate limits over the history kept in the state
// dir (state/autoscale_store.hpp), so a restarted autoscaler (or `--once`
// from cron) decides as one that never stopped. --dry-run reads the history
// and writes nothing.
ExitCode run_autoscale(const GlobalOptions& g, const AutoscaleCommandOptions& o) {
    Session s = Session::open(g);
    InterruptGuard interrupt;
    AutoscaleStore store = s.autoscale_store();
    AutoscaleHistory history = store.load();
    for (int i = 0; o.iterations == 0 || i < o.iterations; ++i) {
        if (i > 0 && !sleep_between_rounds(o.interval, interrupt.flag())) return ExitCode::interrupted;
        if (interrupt.flag()) return ExitCode::interrupted;
        Round r = measure(s, o.project, MetricsReach::published_port,
                          o.dry_run ? KeepSamples::no : KeepSamples::yes);
        auto now = WallClock::now();
        for (const auto& a : r.advice) {
            const DesiredService* svc = s.desired().find(a.key);
            if (!autoscaled(svc, a)) continue;
            const HpaBehavior behavior = hpa_behavior(*svc->autoscale);
            HpaHistory& h = history[a.key.str()];
            HpaDecision d = hpa_normalize(h, a.current, a.suggested, svc->autoscale->min,
                                          autoscale_max(*svc), behavior, now);
            hpa_forget_old(h, behavior, now);
            if (d.replicas == a.current) {
                if (!d.limited_by.empty() && !o.quiet)
                    std::cerr << fmt::format("autoscale: {} stays at {}: {}\n", a.key.str(), a.current, d.limited_by);
                continue;
            }
            std::cerr << fmt::format("autoscale: {} {} -> {}: {}{}\n", a.key.str(), a.current, d.replicas, a.reason,
                                     d.limited_by.empty() ? "" : " (" + d.limited_by + ")");
            if (o.dry_run) continue;
            ScaleRequest request{a.key.project, a.key.service, d.replicas};
            ExitCode rc = scale_services(
                s, {request}, ScaleRun{.project = a.key.project, .quiet = o.quiet, .interrupted = &interrupt.flag()});
            if (rc == ExitCode::interrupted) return rc;
            if (rc != ExitCode::ok) {
                std::cerr << fmt::format("autoscale: scaling {} failed\n", a.key.str());
                continue;
            }
            hpa_record_scale(h, a.current, d.replicas, now);
        }
        if (!o.dry_run) store.save(history);
    }
    return ExitCode::ok;
}

}  // namespace infractl
