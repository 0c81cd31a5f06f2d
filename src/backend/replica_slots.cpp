// After a plan removed read replicas for good (a scale-down, or a service no
// longer declared), their slots on the primary go too: a slot nobody reads
// makes the primary keep WAL for it without end and fill its disk. A
// replica that is only recreated keeps its slot (and so its data). Runs
// through `docker exec psql` in the primary, as the replication role over
// the local socket, which the image's pg_hba trusts.
#include "replica_slots.hpp"

#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "infractl/core/error.hpp"
#include "infractl/resolve/read_replicas.hpp"

namespace infractl {

namespace {

const ObservedContainer* find_container(const ObservedState& st, const std::string& id) {
    for (const auto& c : st.containers)
        if (c.id == id) return &c;
    return nullptr;
}

bool is_replica(const ObservedContainer& c) {
    auto it = c.labels.find(label::role);
    return it != c.labels.end() && it->second == "replica";
}

// The running primary whose companion `replica` belongs to.
const ObservedContainer* primary_of(const ObservedState& st, const ObservedContainer& replica) {
    std::string service = replica.service();
    const std::string suffix = "-replica";
    if (service.size() <= suffix.size() || !service.ends_with(suffix)) return nullptr;
    service.resize(service.size() - suffix.size());
    for (const auto& c : st.containers) {
        auto role = c.labels.find(label::role);
        if (c.project() == replica.project() && c.service() == service && c.state == ContainerState::running &&
            role != c.labels.end() && role->second == "primary")
            return &c;
    }
    return nullptr;
}

// The walsender of a replica that just stopped may hold the slot a moment
// longer; an active slot cannot be dropped, so try again for up to 10 s.
bool drop_slot(Engine& engine, const ObservedContainer& primary, const std::string& slot) {
    std::string sql = fmt::format(
        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '{0}' AND NOT "
        "active; SELECT count(*) FROM pg_replication_slots WHERE slot_name = '{0}'",
        slot);
    for (int i = 0; i < 20; ++i) {
        std::string out;
        // By name: the plan may have recreated the primary (a new id, same data).
        int rc = engine.exec(primary.name, {"psql", "-XtAq", "-U", kReplicationUser, "-d", "postgres", "-c", sql}, out);
        if (rc == 0 && out.find('0') != std::string::npos && out.find_first_of("123456789") == std::string::npos)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    return false;
}

}  // namespace

void drop_removed_replica_slots(Engine& engine, const Plan& plan, const ObservedState& before) {
    for (const auto& a : plan.actions) {
        // A duplicate's removal leaves the replica it duplicated, and its slot.
        if (a.kind != ActionKind::remove || a.container_id.empty() || a.reason.starts_with("duplicate")) continue;
        const ObservedContainer* c = find_container(before, a.container_id);
        if (!c || !is_replica(*c) || c->replica() < 1) continue;
        const ObservedContainer* primary = primary_of(before, *c);
        std::string slot = replication_slot(c->replica());
        if (!primary) {
            spdlog::warn("{} removed; its primary is not running, so slot {} stays on it", c->name, slot);
            continue;
        }
        try {
            if (drop_slot(engine, *primary, slot))
                spdlog::info("dropped replication slot {} of {} on {}", slot, c->name, primary->name);
            else
                spdlog::warn("could not drop replication slot {} on {} (still active?)", slot, primary->name);
        } catch (const Error& e) {
            spdlog::warn("could not drop replication slot {} on {}: {}", slot, primary->name, e.what());
        }
    }
}

}  // namespace infractl
