#include "infractl/swarm/swarm_client.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "infractl/engine/docker_json.hpp"
#include "infractl/engine/json_read.hpp"
#include "infractl/swarm/service_spec.hpp"

namespace infractl {

namespace {

namespace jr = jsonr;
using json = nlohmann::json;

std::string filters(const json& f) { return "filters=" + url_encode(f.dump()); }

json array_of(const HttpResponse& r, const std::string& what) {
    json j = parse_engine_json(r.body, what);
    if (!j.is_array()) throw Error(ErrorKind::malformed_response, what + ": expected a list");
    return j;
}

bool owned_by(const std::map<std::string, std::string>& labels, const std::string& stack) {
    auto it = labels.find(label::stack);
    return it != labels.end() && it->second == stack;
}

}  // namespace

void SwarmClient::require_manager() {
    HttpResponse r = engine_.call_ok({.target = "/info"}, "engine info");
    json info = parse_engine_json(r.body, "engine info");
    const json& swarm = jr::object(info, "Swarm");
    if (jr::str(swarm, "LocalNodeState") == "active" && jr::boolean(swarm, "ControlAvailable")) return;
    throw Error(ErrorKind::refused,
                fmt::format("the engine at {} is not a Swarm manager (swarm state '{}')", engine_.socket_path(),
                            jr::str(swarm, "LocalNodeState")),
                "point -H at a manager, or start a swarm yourself (docker swarm init --advertise-addr "
                "127.0.0.1); infractl never initialises one; --backend docker runs plain containers");
}

SwarmSnapshot SwarmClient::observe(const std::string& stack, const DesiredState* desired) {
    require_manager();
    json by_stack = {{"label", {std::string(label::stack) + "=" + stack}}};
    auto lists = engine_.call_all({{.target = "/services?" + filters(by_stack)}, {.target = "/networks"}});
    if (lists[0].status != 200) throw engine_error(lists[0], "list services");
    if (lists[1].status != 200) throw engine_error(lists[1], "list networks");

    std::set<std::string> wanted_services, wanted_networks;
    if (desired) {
        for (const auto& s : desired->services) wanted_services.insert(s.base_name);
        for (const auto& n : desired->networks) wanted_networks.insert(n.name);
    }
    SwarmSnapshot snap;
    snap.stack = stack;
    for (const auto& j : array_of(lists[0], "list services")) snap.services.push_back(service_from_json(j));
    for (const auto& j : array_of(lists[1], "list networks")) {
        ObservedSwarmNetwork n = swarm_network_from_json(j);
        snap.network_names[n.id] = n.name;
        if (owned_by(n.labels, stack))
            snap.networks.push_back(n);
        else if (wanted_networks.count(n.name))
            snap.foreign_networks.push_back(n.name);
    }
    // Services of another owner holding a name we need (the name filter is a
    // prefix match: compare exactly).
    std::vector<std::string> names(wanted_services.begin(), wanted_services.end());
    std::vector<HttpRequest> round2;
    if (!names.empty()) round2.push_back({.target = "/services?" + filters(json{{"name", names}})});
    std::vector<std::string> ours;
    for (const auto& s : snap.services) ours.push_back(s.name);
    if (!ours.empty()) round2.push_back({.target = "/tasks?" + filters(json{{"service", ours}})});
    auto answers = engine_.call_all(round2);
    std::size_t next = 0;
    if (!names.empty()) {
        const HttpResponse& r = answers[next++];
        if (r.status != 200) throw engine_error(r, "list services by name");
        for (const auto& j : array_of(r, "list services by name")) {
            ObservedService s = service_from_json(j);
            if (wanted_services.count(s.name) && !owned_by(s.labels, stack)) snap.foreign_services.push_back(s.name);
        }
    }
    if (!ours.empty()) {
        const HttpResponse& r = answers[next++];
        if (r.status != 200) throw engine_error(r, "list tasks");
        std::map<std::string, ObservedService*> by_id;
        for (auto& s : snap.services) by_id[s.id] = &s;
        for (const auto& j : array_of(r, "list tasks")) {
            SwarmTask t = task_from_json(j);
            if (auto it = by_id.find(t.service_id); it != by_id.end()) it->second->tasks.push_back(t);
        }
    }
    auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
    std::sort(snap.services.begin(), snap.services.end(), by_name);
    std::sort(snap.networks.begin(), snap.networks.end(), by_name);
    return snap;
}

ObservedService SwarmClient::inspect_service(const std::string& id_or_name) {
    HttpResponse r = engine_.call_ok({.target = "/services/" + path_escape(id_or_name)},
                                     "inspect service " + id_or_name);
    ObservedService s = service_from_json(parse_engine_json(r.body, "inspect service"));
    s.tasks = tasks_of(s.name);
    return s;
}

std::vector<SwarmTask> SwarmClient::tasks_of(const std::string& service_name) {
    HttpResponse r = engine_.call_ok({.target = "/tasks?" + filters(json{{"service", {service_name}}})},
                                     "list tasks of " + service_name);
    std::vector<SwarmTask> out;
    for (const auto& j : array_of(r, "list tasks")) out.push_back(task_from_json(j));
    return out;
}

std::string SwarmClient::create_service(const std::string& spec_json) {
    HttpResponse r = engine_.call_ok(
        {.method = "POST", .target = "/services/create", .json_body = spec_json, .retry = Retry::never},
        "create service " + jr::str(json::parse(spec_json), "Name"));
    return jr::str(parse_engine_json(r.body, "create service"), "ID");
}

void SwarmClient::update_service(const std::string& id, std::int64_t version, const std::string& spec_json) {
    for (int attempt = 1;; ++attempt) {
        try {
            engine_.call_ok({.method = "POST",
                             .target = fmt::format("/services/{}/update?version={}", path_escape(id), version),
                             .json_body = spec_json,
                             .retry = Retry::never},
                            "update service " + id);
            return;
        } catch (const Error& e) {
            bool stale = std::string(e.what()).find("update out of sequence") != std::string::npos;
            if (!stale || attempt >= 5) throw;
            version = inspect_service(id).version;  // someone else changed it: re-read and send again
        }
    }
}

void SwarmClient::remove_service(const std::string& id) {
    try {
        engine_.call_ok({.method = "DELETE", .target = "/services/" + path_escape(id)}, "remove service " + id);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;
    }
}

void SwarmClient::create_network(const DesiredNetwork& net) {
    engine_.call_ok({.method = "POST",
                     .target = "/networks/create",
                     .json_body = swarm_network_spec(net).dump(),
                     .retry = Retry::never},
                    "create network " + net.name);
}

void SwarmClient::remove_network(const std::string& name) {
    try {
        engine_.call_ok({.method = "DELETE", .target = "/networks/" + path_escape(name)}, "remove network " + name);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;
    }
}

}  // namespace infractl
