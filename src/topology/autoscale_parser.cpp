#include <cstdlib>

#include <fmt/format.h>

#include "service_parser.hpp"

namespace infractl::yaml {

namespace {

// A share in [0, 1): "0.1" is 10 %.
std::optional<double> read_tolerance(Reader& r, const Node& v) {
    auto t = r.text(v, "tolerance");
    if (!t) return std::nullopt;
    char* end = nullptr;
    double value = std::strtod(t->c_str(), &end);
    if (t->empty() || end != t->c_str() + t->size() || !(value >= 0.0 && value < 1.0)) {
        r.error(v, fmt::format("tolerance must be a number from 0 up to (not including) 1, got '{}'", *t),
                "e.g. tolerance: 0.1 (Kubernetes' default: no change within 10 % of the target)");
        return std::nullopt;
    }
    return value;
}

}  // namespace

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
        {"tolerance", [&](const Node&, const Node& v) { if (auto t = read_tolerance(r, v)) a.tolerance = *t; }},
        {"scale_up_pods",
         [&](const Node&, const Node& v) { if (auto c = r.count(v, "scale_up_pods", 0)) a.scale_up_pods = *c; }},
        {"scale_up_percent",
         [&](const Node&, const Node& v) { if (auto c = r.count(v, "scale_up_percent", 0)) a.scale_up_percent = *c; }},
        {"scale_up_period",
         [&](const Node&, const Node& v) { if (auto d = r.duration(v, "scale_up_period")) a.scale_up_period = *d; }},
        {"scale_down_delay",
         [&](const Node&, const Node& v) { if (auto d = r.duration(v, "scale_down_delay")) a.scale_down_delay = *d; }},
        {"scale_down_percent",
         [&](const Node&, const Node& v) {
             if (auto c = r.count(v, "scale_down_percent", 0)) {
                 if (*c > 100) r.error(v, fmt::format("scale_down_percent {} is above 100", *c), "at most 100 (all replicas at once)");
                 else a.scale_down_percent = *c;
             }
         }},
        {"scale_down_period",
         [&](const Node&, const Node& v) { if (auto d = r.duration(v, "scale_down_period")) a.scale_down_period = *d; }},
    });
    if (a.scale_up_pods == 0 && a.scale_up_percent == 0)
        r.error(n, "autoscale can never scale up: scale_up_pods and scale_up_percent are both 0",
                "set one of them above 0 (Kubernetes' defaults: 4 and 100)");
    if (a.max && a.min > *a.max)
        r.error(n, fmt::format("autoscale min {} is above its max {}", a.min, *a.max), "make min at most max");
    if (a.queue.empty() && a.cpu_target_percent == 0)
        r.error(n, "autoscale needs a 'queue' or a 'cpu_target_percent' to decide on",
                "e.g. queue: turfoo (the Celery queue) with target_per_replica: 100");
    return a;
}

}  // namespace infractl::yaml
