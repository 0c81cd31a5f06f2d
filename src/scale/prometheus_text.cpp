#include "infractl/scale/prometheus_text.hpp"

#include <functional>
#include <optional>

#include <fmt/format.h>

namespace infractl {

namespace {

struct Family {
    const char* name;
    const char* type;
    const char* help;
    std::function<std::optional<double>(const DesiredService&, const ServiceMetrics&)> value;
    bool queue_label = false;
};

template <class T>
std::optional<double> as_double(const std::optional<T>& v) {
    if (!v) return std::nullopt;
    return static_cast<double>(*v);
}

const std::vector<Family>& families() {
    static const std::vector<Family> list = {
        {"infractl_service_replicas_desired", "gauge", "Replicas the desired state asks for.",
         [](const DesiredService& s, const ServiceMetrics&) { return std::optional<double>(s.replicas); }},
        {"infractl_service_replicas_running", "gauge", "Replicas running now.",
         [](const DesiredService&, const ServiceMetrics& m) { return std::optional<double>(m.running); }},
        {"infractl_service_cpu_ratio", "gauge", "CPU in use, mean over replicas; 1 is one CPU.",
         [](const DesiredService&, const ServiceMetrics& m) {
             return m.cpu_percent ? std::optional<double>(*m.cpu_percent / 100.0) : std::nullopt;
         }},
        {"infractl_service_memory_bytes", "gauge", "Memory in use by the largest replica.",
         [](const DesiredService&, const ServiceMetrics& m) { return as_double(m.memory_used); }},
        {"infractl_celery_queue_length", "gauge",
         "Tasks of the Celery queue: every priority list plus the unacked tasks workers hold.",
         [](const DesiredService&, const ServiceMetrics& m) { return as_double(m.queue_length); }, true},
        {"infractl_redis_evicted_keys_total", "counter", "Keys Redis evicted since it started.",
         [](const DesiredService&, const ServiceMetrics& m) { return as_double(m.evicted_keys); }},
        {"infractl_redis_evicted_keys_per_second", "gauge",
         "Keys Redis evicted per second since infractl's previous sample (kept in its state dir).",
         [](const DesiredService&, const ServiceMetrics& m) { return m.evicted_per_second; }},
        {"infractl_redis_used_memory_bytes", "gauge", "Redis INFO used_memory.",
         [](const DesiredService&, const ServiceMetrics& m) { return as_double(m.redis_used_memory); }},
        {"infractl_redis_ops_per_second", "gauge", "Redis INFO instantaneous_ops_per_sec.",
         [](const DesiredService&, const ServiceMetrics& m) { return as_double(m.redis_ops_per_second); }},
        {"infractl_postgres_connections", "gauge", "Connections open on PostgreSQL.",
         [](const DesiredService&, const ServiceMetrics& m) { return as_double(m.db_connections); }},
        {"infractl_postgres_max_connections", "gauge", "PostgreSQL's max_connections.",
         [](const DesiredService&, const ServiceMetrics& m) { return as_double(m.db_max_connections); }},
    };
    return list;
}

std::string labels(const DesiredService& s, bool with_queue) {
    std::string out = s.global ? fmt::format("project=\"\",service=\"{}\",global=\"true\"",
                                             prometheus_label_value(s.key.service))
                               : fmt::format("project=\"{}\",service=\"{}\"", prometheus_label_value(s.key.project),
                                             prometheus_label_value(s.key.service));
    if (with_queue && s.autoscale) out += fmt::format(",queue=\"{}\"", prometheus_label_value(s.autoscale->queue));
    return out;
}

}  // namespace

std::string prometheus_label_value(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string prometheus_text(const DesiredState& desired, const std::vector<ServiceMetrics>& metrics) {
    std::string out;
    for (const Family& f : families()) {
        std::string samples;
        for (const auto& m : metrics) {
            const DesiredService* s = desired.find(m.key);
            if (!s) continue;
            std::optional<double> v = f.value(*s, m);
            if (!v) continue;
            samples += fmt::format("{}{{{}}} {}\n", f.name, labels(*s, f.queue_label), *v);
        }
        if (samples.empty()) continue;
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", f.name, f.help, f.name, f.type) + samples;
    }
    return out;
}

}  // namespace infractl
