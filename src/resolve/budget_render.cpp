#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "infractl/resolve/budget.hpp"

namespace infractl {

namespace {

std::string cpus(NanoCpus c) { return format_cpus(c); }
std::string mem(Bytes b) { return format_bytes(b); }

// "3G (3 x 1G)" when several replicas share the amount; "-" when absent.
template <class T, class F>
std::string cell(const std::optional<T>& total, const std::optional<T>& each, int replicas, F fmt_one,
                 const char* absent) {
    if (!total) return absent;
    if (replicas > 1) return fmt::format("{} ({} x {})", fmt_one(*total), replicas, fmt_one(*each));
    return fmt_one(*total);
}

template <class T, class F>
std::string total_cell(T sum, int unbounded, F fmt_one) {
    if (unbounded == 0) return fmt_one(sum);
    return fmt::format("{} + {} unbounded", fmt_one(sum), unbounded);
}

using Line = std::vector<std::string>;

std::string table(const std::vector<Line>& lines) {
    std::vector<std::size_t> width(lines[0].size(), 0);
    for (const auto& l : lines)
        for (std::size_t i = 0; i < l.size(); ++i) width[i] = std::max(width[i], l[i].size());
    std::string out;
    for (const auto& l : lines) {
        std::string line;
        for (std::size_t i = 0; i < l.size(); ++i) {
            // Names left-aligned, the replica count right-aligned, amounts left-aligned.
            if (i == 1) line += fmt::format("{:>{}}", l[i], width[i]);
            else line += fmt::format("{:<{}}", l[i], width[i]);
            if (i + 1 < l.size()) line += "  ";
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}

template <class T>
nlohmann::ordered_json cpu_json(const std::optional<T>& v) {
    if (!v) return nullptr;
    return static_cast<double>(v->value) / 1e9;
}

template <class T>
nlohmann::ordered_json mem_json(const std::optional<T>& v) {
    if (!v) return nullptr;
    return v->value;
}

nlohmann::ordered_json amounts_json(const ResourceAmounts& a) {
    return {{"cpu_limit", cpu_json(a.cpu_limit)},
            {"memory_limit", mem_json(a.memory_limit)},
            {"cpu_reservation", cpu_json(a.cpu_reservation)},
            {"memory_reservation", mem_json(a.memory_reservation)}};
}

}  // namespace

std::string render_budget_text(const Budget& b) {
    std::string out = fmt::format("stack {}, profile {}; machine: {} CPUs, {} memory\n\n", b.stack, b.profile,
                                  cpus(b.machine.cpus), approx_bytes(b.machine.memory));
    std::vector<Line> lines{{"SERVICE", "REPLICAS", "CPU LIMIT", "MEMORY LIMIT", "CPU RESERVED", "MEMORY RESERVED"}};
    for (const auto& r : b.rows)
        lines.push_back({r.key.str(), std::to_string(r.replicas),
                         cell(r.total.cpu_limit, r.each.cpu_limit, r.replicas, cpus, "unbounded"),
                         cell(r.total.memory_limit, r.each.memory_limit, r.replicas, mem, "unbounded"),
                         cell(r.total.cpu_reservation, r.each.cpu_reservation, r.replicas, cpus, "-"),
                         cell(r.total.memory_reservation, r.each.memory_reservation, r.replicas, mem, "-")});
    const auto& t = b.totals;
    lines.push_back({"TOTAL", std::to_string(t.replicas), total_cell(t.cpu_limit, t.cpu_unbounded, cpus),
                     total_cell(t.memory_limit, t.memory_unbounded, mem), cpus(t.cpu_reservation),
                     mem(t.memory_reservation)});
    out += table(lines);
    if (!b.over_budget.empty() || !b.notes.empty()) out += "\n";
    for (const auto& l : b.over_budget) out += l + "\n";
    for (const auto& l : b.notes) out += l + "\n";
    return out;
}

std::string render_budget_json(const Budget& b) {
    nlohmann::ordered_json j;
    j["stack"] = b.stack;
    j["profile"] = b.profile;
    j["machine"] = {{"cpus", static_cast<double>(b.machine.cpus.value) / 1e9}, {"memory", b.machine.memory.value}};
    j["services"] = nlohmann::ordered_json::array();
    for (const auto& r : b.rows)
        j["services"].push_back({{"service", r.key.str()},
                                 {"project", r.key.project},
                                 {"replicas", r.replicas},
                                 {"each", amounts_json(r.each)},
                                 {"total", amounts_json(r.total)}});
    const auto& t = b.totals;
    j["totals"] = {{"replicas", t.replicas},
                   {"cpu_limit", static_cast<double>(t.cpu_limit.value) / 1e9},
                   {"memory_limit", t.memory_limit.value},
                   {"cpu_reservation", static_cast<double>(t.cpu_reservation.value) / 1e9},
                   {"memory_reservation", t.memory_reservation.value},
                   {"cpu_unbounded_services", t.cpu_unbounded},
                   {"memory_unbounded_services", t.memory_unbounded}};
    j["over_budget"] = b.over_budget;
    j["notes"] = b.notes;
    // Values can come from the environment as any bytes: invalid UTF-8 is
    // printed as U+FFFD instead of failing the whole command.
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace infractl
