#include "infractl/resolve/budget.hpp"

#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "infractl/resolve/dependency_order.hpp"

namespace infractl {

namespace {

template <class T>
std::optional<T> times(const std::optional<T>& v, int n) {
    if (!v) return std::nullopt;
    return T{v->value * n};
}

BudgetRow row_for(const DesiredService& s) {
    BudgetRow r;
    r.key = s.key;
    r.replicas = s.replicas;
    r.each = {s.spec.cpu_limit, s.spec.memory_limit, s.spec.cpu_reservation, s.spec.memory_reservation};
    r.total = {times(r.each.cpu_limit, s.replicas), times(r.each.memory_limit, s.replicas),
               times(r.each.cpu_reservation, s.replicas), times(r.each.memory_reservation, s.replicas)};
    return r;
}

void add(BudgetTotals& t, const BudgetRow& r) {
    t.replicas += r.replicas;
    if (r.replicas == 0) return;
    if (r.total.cpu_limit) t.cpu_limit.value += r.total.cpu_limit->value;
    else ++t.cpu_unbounded;
    if (r.total.memory_limit) t.memory_limit.value += r.total.memory_limit->value;
    else ++t.memory_unbounded;
    if (r.total.cpu_reservation) t.cpu_reservation.value += r.total.cpu_reservation->value;
    if (r.total.memory_reservation) t.memory_reservation.value += r.total.memory_reservation->value;
}

std::string services(int n) { return n == 1 ? "1 service has" : fmt::format("{} services have", n); }

void compare(Budget& b) {
    const auto& t = b.totals;
    const std::string cpus = format_cpus(b.machine.cpus), mem = approx_bytes(b.machine.memory);
    // Reservations beyond the machine cannot all be honoured; limits beyond it
    // are an overcommit that holds only while services stay below their limits.
    if (t.cpu_reservation > b.machine.cpus)
        b.over_budget.push_back(fmt::format("over budget: CPU reservations add up to {}, the machine has {} CPUs",
                                            format_cpus(t.cpu_reservation), cpus));
    if (t.memory_reservation > b.machine.memory)
        b.over_budget.push_back(fmt::format("over budget: memory reservations add up to {}, the machine has {}",
                                            format_bytes(t.memory_reservation), mem));
    if (t.cpu_limit > b.machine.cpus)
        b.over_budget.push_back(fmt::format("over budget: CPU limits add up to {}, the machine has {} CPUs",
                                            format_cpus(t.cpu_limit), cpus));
    if (t.memory_limit > b.machine.memory)
        b.over_budget.push_back(fmt::format("over budget: memory limits add up to {}, the machine has {}",
                                            format_bytes(t.memory_limit), mem));
    if (t.cpu_unbounded)
        b.notes.push_back(fmt::format("unbounded: {} no CPU limit; each may use all {} CPUs",
                                      services(t.cpu_unbounded), cpus));
    if (t.memory_unbounded)
        b.notes.push_back(fmt::format("unbounded: {} no memory limit; each may use all {}",
                                      services(t.memory_unbounded), mem));
}

}  // namespace

MachineResources local_machine() {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    long pages = sysconf(_SC_PHYS_PAGES);
    long page = sysconf(_SC_PAGE_SIZE);
    MachineResources m;
    m.cpus = NanoCpus{std::max(1L, cpus) * 1'000'000'000LL};
    m.memory = Bytes{pages > 0 && page > 0 ? static_cast<std::int64_t>(pages) * page : 0};
    return m;
}

std::string approx_bytes(Bytes b) {
    static constexpr const char* units[] = {"k", "M", "G", "T"};
    std::string out = std::to_string(b.value);
    for (int p = 4; p >= 1; --p) {
        double unit = static_cast<double>(std::int64_t{1} << (10 * p));
        if (static_cast<double>(b.value) < unit) continue;
        out = fmt::format("{:.1f}", static_cast<double>(b.value) / unit);
        if (out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0) out.resize(out.size() - 2);
        return out + units[p - 1];
    }
    return out;
}

Budget compute_budget(const DesiredState& state, const MachineResources& machine) {
    Budget b;
    b.stack = state.stack;
    b.profile = state.profile;
    b.machine = machine;
    for (const auto& s : state.services) b.rows.push_back(row_for(s));
    std::sort(b.rows.begin(), b.rows.end(),
              [](const BudgetRow& x, const BudgetRow& y) { return start_order_less(x.key, y.key); });
    for (const auto& r : b.rows) add(b.totals, r);
    compare(b);
    return b;
}

}  // namespace infractl
