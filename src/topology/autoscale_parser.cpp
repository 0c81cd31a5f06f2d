#include <fmt/format.h>

#include "service_parser.hpp"

namespace infractl::yaml {

std::optional<Autoscale> read_autoscale(Reader& r, const Node& n, const std::string& display) {
    if (!r.mapping(n, "autoscale")) return std::nullopt;
    Autoscale a;
    a.loc = r.loc(n);
    r.fields(n, fmt::format("in 'autoscale' of service '{}'", display), {
        {"min", [&](const Node&, const Node& v) { if (auto c = r.count(v, "min", 0)) a.min = *c; }},
        {"max", [&](const Node&, const Node& v) { if (auto c = r.count(v, "max", 1)) a.max = *c; }},
        {"queue", [&](const Node&, const Node& v) { if (auto t = r.text(v, "queue")) a.queue = *t; }},
        {"broker", [&](const Node&, const Node& v) { if (auto t = r.text(v, "broker")) a.broker = *t; }},
        {"target_per_replica",
         [&](const Node&, const Node& v) { if (auto c = r.count(v, "target_per_replica", 1)) a.target_per_replica = *c; }},
        {"cpu_target_percent",
         [&](const Node&, const Node& v) { if (auto c = r.count(v, "cpu_target_percent", 1)) a.cpu_target_percent = *c; }},
        {"scale_down_delay",
         [&](const Node&, const Node& v) { if (auto d = r.duration(v, "scale_down_delay")) a.scale_down_delay = *d; }},
    });
    if (a.max && a.min > *a.max)
        r.error(n, fmt::format("autoscale min {} is above its max {}", a.min, *a.max), "make min at most max");
    if (a.queue.empty() && a.cpu_target_percent == 0)
        r.error(n, "autoscale needs a 'queue' or a 'cpu_target_percent' to decide on",
                "e.g. queue: turfoo (the Celery queue) with target_per_replica: 100");
    return a;
}

}  // namespace infractl::yaml
