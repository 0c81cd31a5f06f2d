// What a saved plan was computed from, and what changed since
// (plan/saved_plan.hpp): the objects it depends on, the plan's digest, and
// the comparison `up --plan` refuses on.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "infractl/core/sha256.hpp"
#include "infractl/plan/saved_plan.hpp"
#include "infractl/resolve/resolve.hpp"

namespace infractl {

namespace {

std::string short_id(const std::string& id) {
    std::string s = id.rfind("sha256:", 0) == 0 ? id.substr(7) : id;
    return s.substr(0, 12);
}

ObservedObject container_object(const ObservedContainer& c, bool owned) {
    return {"container", c.name, c.id, to_string(c.state), c.config_hash(), c.image_id, owned};
}

bool object_less(const ObservedObject& a, const ObservedObject& b) {
    return std::tie(a.kind, a.name, a.id) < std::tie(b.kind, b.name, b.id);
}

// "a|b|c" with '|' and '\' escaped, so no value can forge a field boundary.
std::string field(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|' || c == '\\' || c == '\n') out += '\\';
        out += c;
    }
    return out + "|";
}

std::string optional_number(bool has, std::int64_t v) { return has ? std::to_string(v) : "-"; }

void add_spec(std::string& out, const ContainerSpec& s) {
    out += "  spec " + field(config_hash(s)) + field(to_string(s.restart)) + field(std::to_string(s.restart_max_retries));
    out += field(optional_number(s.cpu_limit.has_value(), s.cpu_limit ? s.cpu_limit->value : 0));
    out += field(optional_number(s.memory_limit.has_value(), s.memory_limit ? s.memory_limit->value : 0));
    out += field(optional_number(s.cpu_reservation.has_value(), s.cpu_reservation ? s.cpu_reservation->value : 0));
    out += field(optional_number(s.memory_reservation.has_value(),
                                 s.memory_reservation ? s.memory_reservation->value : 0));
    out += "\n";
}

void add_action(std::string& out, const Action& a) {
    out += "action " + field(to_string(a.kind)) + field(a.target) + field(a.service.str()) +
           field(std::to_string(a.replica)) + field(a.reason) + field(a.container_id) +
           field(a.order == ReplaceOrder::start_first ? "start-first" : "stop-first") +
           field(std::to_string(a.stop_grace.ns)) + field(to_string(a.pull)) + "\n";
    for (const auto& c : a.changes) out += "  change " + field(c.field) + field(c.from) + field(c.to) + "\n";
    if (!a.spec.image.empty()) add_spec(out, a.spec);
    for (const auto& n : a.networks) out += "  connect " + field(n) + "\n";
    for (const auto& w : a.waits) {
        out += "  wait " + field(w.target.str()) + field(to_string(w.condition));
        for (const auto& c : w.containers) out += field(c);
        out += "\n";
    }
    for (auto i : a.after) out += "  after " + std::to_string(i) + "\n";
    if (a.kind == ActionKind::create_network)
        out += "  network " + field(a.network.name) + field(a.network.driver) + field(a.network.internal ? "internal" : "") + "\n";
    if (a.kind == ActionKind::create_volume) out += "  volume " + field(a.volume.name) + "\n";
    if (!a.service_spec.empty())
        out += "  service " + field(sha256_hex(a.service_spec)) + field(a.service_id) +
               field(std::to_string(a.service_version)) + "\n";
}

// Input files by role; the path is only named, so the same files checked
// out elsewhere (another CI job's workspace) are the same inputs.
void compare_inputs(const PlanFingerprint& saved, const PlanFingerprint& now, std::vector<std::string>& out) {
    std::map<std::string, const InputDigest*> before;
    for (const auto& d : saved.inputs) before[d.role] = &d;
    for (const auto& d : now.inputs) {
        auto it = before.find(d.role);
        if (it == before.end()) {
            out.push_back(fmt::format("{} file {} is used now and was not then", d.role, d.path));
            continue;
        }
        const InputDigest& was = *it->second;
        before.erase(it);
        // By content only: CI jobs check the same files out into other folders.
        if (was.sha256 != d.sha256)
            out.push_back(d.sha256.empty()      ? fmt::format("{} file {} is gone", d.role, d.path)
                          : was.sha256.empty() ? fmt::format("{} file {} appeared", d.role, d.path)
                                               : fmt::format("{} file {} changed", d.role, d.path));
    }
    for (const auto& [role, d] : before) out.push_back(fmt::format("{} file {} is no longer used", role, d->path));
}

std::string object_changes(const ObservedObject& was, const ObservedObject& now) {
    std::vector<std::string> parts;
    if (was.owned != now.owned) parts.push_back(now.owned ? "now carries this stack's labels" : "lost this stack's labels");
    if (was.id != now.id) parts.push_back(fmt::format("id {} -> {}", short_id(was.id), short_id(now.id)));
    if (was.state != now.state) parts.push_back(fmt::format("state {} -> {}", was.state, now.state));
    if (was.config_hash != now.config_hash)
        parts.push_back(fmt::format("config hash {} -> {}", short_id(was.config_hash), short_id(now.config_hash)));
    if (was.image_id != now.image_id)
        parts.push_back(fmt::format("image {} -> {}", short_id(was.image_id), short_id(now.image_id)));
    std::string text;
    for (const auto& p : parts) text += (text.empty() ? "" : ", ") + p;
    return text;
}

std::string describe(const ObservedObject& o) {
    std::string s = fmt::format("{} {}", o.kind, o.name);
    if (!o.id.empty()) s += fmt::format(" (id {})", short_id(o.id));
    return s;
}

void compare_objects(const PlanFingerprint& saved, const PlanFingerprint& now, std::vector<std::string>& out) {
    using Key = std::pair<std::string, std::string>;
    std::map<Key, const ObservedObject*> before, after;
    for (const auto& o : saved.observed) before[{o.kind, o.name}] = &o;
    for (const auto& o : now.observed) after[{o.kind, o.name}] = &o;
    for (const auto& [key, o] : before) {
        auto it = after.find(key);
        if (it == after.end()) out.push_back(describe(*o) + " went");
        else if (!(*o == *it->second)) out.push_back(fmt::format("{} {} changed: {}", o->kind, o->name, object_changes(*o, *it->second)));
    }
    for (const auto& [key, o] : after)
        if (!before.count(key)) out.push_back(describe(*o) + " appeared");
}

}  // namespace

std::vector<ObservedObject> touched_objects(const ObservedState& observed, const Plan& plan,
                                            const std::string& project) {
    std::set<std::string> targets;
    for (const auto& a : plan.actions) targets.insert(a.target);
    std::set<ServiceKey> scope;
    for (const auto& s : plan.scope) scope.insert(s.key);
    std::vector<ObservedObject> out;
    for (const auto& c : observed.containers)
        if (project.empty() || targets.count(c.name) || scope.count(ServiceKey{c.project(), c.service()}))
            out.push_back(container_object(c, true));
    for (const auto& c : observed.foreign_containers) out.push_back(container_object(c, false));
    for (const auto& n : observed.networks) out.push_back({"network", n.name, n.id, "", "", "", true});
    for (const auto& v : observed.volumes) out.push_back({"volume", v.name, "", "", "", "", true});
    for (const auto& n : observed.foreign_networks) out.push_back({"network", n, "", "", "", "", false});
    for (const auto& v : observed.foreign_volumes) out.push_back({"volume", v, "", "", "", "", false});
    std::sort(out.begin(), out.end(), object_less);
    return out;
}

std::string plan_digest(const Plan& plan) {
    std::string text = "infractl-plan-digest-v1\n" + field(plan.stack) + field(plan.profile) + "\n";
    for (const auto& a : plan.actions) add_action(text, a);
    for (const auto& c : plan.conflicts) text += "conflict " + field(c.object) + field(c.name) + "\n";
    for (const auto& s : plan.scope) {
        text += "scope " + field(s.key.str()) + field(s.oneshot ? "oneshot" : "");
        for (const auto& c : s.containers) text += field(c);
        text += "\n";
    }
    return sha256_hex(text);
}

std::vector<std::string> staleness(const PlanFingerprint& saved, const PlanFingerprint& now) {
    std::vector<std::string> out;
    compare_inputs(saved, now, out);
    bool inputs_changed = !out.empty();
    if (!inputs_changed && saved.desired_sha256 != now.desired_sha256)
        out.push_back("the resolved desired state changed with the same files (an environment variable the "
                      "topology interpolates?)");
    compare_objects(saved, now, out);
    if (out.empty() && saved.plan_sha256 != now.plan_sha256)
        out.push_back("the plan computed now differs from the saved one");
    return out;
}

}  // namespace infractl
