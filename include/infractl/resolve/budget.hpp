#pragma once
// `infractl budget`: what the desired state asks of the machine. Per service
// and in total, CPU and memory limits and reservations with replicas
// multiplied in, compared with the machine's CPUs and memory. A service with
// no limit is "unbounded": it counts in the totals as a number of unbounded
// services, never as zero. Managed and disabled services run nothing and do
// not appear.
#include <optional>
#include <string>
#include <vector>

#include "infractl/core/units.hpp"
#include "infractl/resolve/desired_state.hpp"

namespace infractl {

struct MachineResources {
    NanoCpus cpus;
    Bytes memory;
};

// This host, from sysconf: online CPUs and physical memory.
MachineResources local_machine();

struct ResourceAmounts {
    std::optional<NanoCpus> cpu_limit;  // nullopt = unbounded
    std::optional<Bytes> memory_limit;  // nullopt = unbounded
    std::optional<NanoCpus> cpu_reservation;  // nullopt = nothing reserved
    std::optional<Bytes> memory_reservation;
};

struct BudgetRow {
    ServiceKey key;
    int replicas = 0;
    ResourceAmounts each;   // one replica
    ResourceAmounts total;  // times replicas
};

struct BudgetTotals {
    int replicas = 0;
    NanoCpus cpu_limit, cpu_reservation;  // sums over bounded services
    Bytes memory_limit, memory_reservation;
    int cpu_unbounded = 0;     // services with replicas > 0 and no CPU limit
    int memory_unbounded = 0;  // services with replicas > 0 and no memory limit
};

struct Budget {
    std::string stack;
    std::string profile;
    std::vector<BudgetRow> rows;  // globals first, then by project and service
    BudgetTotals totals;
    MachineResources machine;
    // "over budget: memory reservations add up to 9G, the machine has 7.8G"
    std::vector<std::string> over_budget;
    // "unbounded: 5 services have no memory limit; each may use all 7.8G"
    std::vector<std::string> notes;
};

Budget compute_budget(const DesiredState& state, const MachineResources& machine);

std::string render_budget_text(const Budget& budget);
// {"stack","profile","machine":{"cpus","memory"},"services":[...],"totals":{...},
//  "over_budget":[...],"notes":[...]}: CPUs as numbers, memory in bytes, null = unbounded.
std::string render_budget_json(const Budget& budget);

// Memory for people, rounded to one decimal: "7.8G", "512M". Exact values use format_bytes.
std::string approx_bytes(Bytes b);

}  // namespace infractl
