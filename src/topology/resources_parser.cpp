#include <fmt/format.h>

#include "service_parser.hpp"

namespace infractl::yaml {

namespace {

void read_cpus(Reader& r, const Node& v, std::optional<NanoCpus>& out, Location& loc) {
    auto t = r.text(v, "cpus");
    if (!t) return;
    loc = r.loc(v);
    out = parse_cpus(*t);
    if (!out) r.error(v, fmt::format("invalid cpus '{}'", *t), "use a positive number of CPUs up to 1024, e.g. 0.5 or 2");
}

void read_memory(Reader& r, const Node& v, std::optional<Bytes>& out, Location& loc) {
    auto t = r.text(v, "memory");
    if (!t) return;
    loc = r.loc(v);
    out = parse_bytes(*t);
    if (!out || out->value == 0) {
        out.reset();
        r.error(v, fmt::format("invalid memory '{}'", *t), "use a number with k, M, G or T, e.g. 512M or 1.5G");
    }
}

}  // namespace

void read_resources(Reader& r, const Node& n, Resources& res, const std::string& display) {
    if (!r.mapping(n, "resources")) return;
    res.loc = r.loc(n);
    auto block = [&](const char* name, std::optional<NanoCpus>& cpus, Location& cpus_loc, std::optional<Bytes>& mem,
                     Location& mem_loc) {
        return [&, name](const Node&, const Node& v) {
            if (!r.mapping(v, name)) return;
            r.fields(v, fmt::format("in '{}' of service '{}'", name, display), {
                {"cpus", [&](const Node&, const Node& c) { read_cpus(r, c, cpus, cpus_loc); }},
                {"memory", [&](const Node&, const Node& m) { read_memory(r, m, mem, mem_loc); }},
            });
        };
    };
    r.fields(n, fmt::format("in 'resources' of service '{}'", display), {
        {"limits", block("limits", res.cpu_limit, res.cpu_limit_loc, res.memory_limit, res.memory_limit_loc)},
        {"reservations", block("reservations", res.cpu_reservation, res.cpu_reservation_loc, res.memory_reservation,
                               res.memory_reservation_loc)},
    });
}

}  // namespace infractl::yaml
