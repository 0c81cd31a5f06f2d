// The one reading of a ServiceSpec that swarm_diff compares: the desired
// spec and the live one go through the same function, so a field infractl
// does not set can never differ.
#include <algorithm>

#include <fmt/format.h>

#include "infractl/core/units.hpp"
#include "infractl/engine/json_read.hpp"
#include "infractl/swarm/swarm_diff.hpp"

namespace infractl {

namespace {

namespace jr = jsonr;
using json = nlohmann::json;

std::string joined(const std::vector<std::string>& parts, const char* sep = " ") {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

// The engine pins the image by digest when it resolved one ("img:1@sha256:...").
std::string image_of(const json& c) {
    std::string image = jr::str(c, "Image");
    auto at = image.find('@');
    return at == std::string::npos ? image : image.substr(0, at);
}

std::string replicas_of(const json& spec) {
    const json& mode = jr::object(spec, "Mode");
    if (jr::field(mode, "ReplicatedJob")) return "job";
    return std::to_string(jr::i64(jr::object(mode, "Replicated"), "Replicas"));
}

std::string mounts_of(const json& c) {
    std::vector<std::string> out;
    if (const json* ms = jr::field(c, "Mounts"); ms && ms->is_array())
        for (const auto& m : *ms)
            out.push_back(fmt::format("{}:{}:{}{}", jr::str(m, "Type"), jr::str(m, "Source"), jr::str(m, "Target"),
                                      jr::boolean(m, "ReadOnly") ? ":ro" : ""));
    std::sort(out.begin(), out.end());
    return joined(out, ", ");
}

std::string networks_of(const json& spec, const std::map<std::string, std::string>& names) {
    std::vector<std::string> out;
    const json* nets = jr::field(jr::object(spec, "TaskTemplate"), "Networks");
    if (!nets || !nets->is_array() || nets->empty()) nets = jr::field(spec, "Networks");  // older placement
    if (nets && nets->is_array())
        for (const auto& n : *nets) {
            std::string target = jr::str(n, "Target");
            auto it = names.find(target);
            out.push_back(it == names.end() ? target : it->second);
        }
    std::sort(out.begin(), out.end());
    return joined(out, ", ");
}

std::string ports_of(const json& spec) {
    std::vector<std::string> out;
    if (const json* ps = jr::field(jr::object(spec, "EndpointSpec"), "Ports"); ps && ps->is_array())
        for (const auto& p : *ps)
            out.push_back(fmt::format("{}:{}/{}", jr::i64(p, "PublishedPort"), jr::i64(p, "TargetPort"),
                                      jr::str(p, "Protocol").empty() ? "tcp" : jr::str(p, "Protocol")));
    std::sort(out.begin(), out.end());
    return joined(out, ", ");
}

std::string healthcheck_of(const json& c) {
    const json* h = jr::field(c, "Healthcheck");
    if (!h || !h->is_object()) return "";
    return fmt::format("{} (every {}, timeout {}, {} retries, start {})", joined(jr::strings(*h, "Test")),
                       format_duration(Duration{jr::i64(*h, "Interval")}),
                       format_duration(Duration{jr::i64(*h, "Timeout")}), jr::i64(*h, "Retries"),
                       format_duration(Duration{jr::i64(*h, "StartPeriod")}));
}

std::string cpus(const json& j, const char* key) {
    std::int64_t v = jr::i64(j, key);
    return v > 0 ? format_cpus(NanoCpus{v}) : "";
}

std::string bytes(const json& j, const char* key) {
    std::int64_t v = jr::i64(j, key);
    return v > 0 ? format_bytes(Bytes{v}) : "";
}

std::string restart_of(const json& task) {
    const json& r = jr::object(task, "RestartPolicy");
    std::string cond = jr::str(r, "Condition");
    if (cond == "on-failure" && jr::i64(r, "MaxAttempts") > 0) cond += fmt::format(":{}", jr::i64(r, "MaxAttempts"));
    return cond;
}

}  // namespace

std::map<std::string, std::string> swarm_fields(const json& spec, const std::map<std::string, std::string>& names) {
    const json& task = jr::object(spec, "TaskTemplate");
    const json& c = jr::object(task, "ContainerSpec");
    const json& res = jr::object(task, "Resources");
    std::map<std::string, std::string> f;
    f["image"] = image_of(c);
    f["replicas"] = replicas_of(spec);
    f["command"] = joined(jr::strings(c, "Command"));
    f["args"] = joined(jr::strings(c, "Args"));
    for (const auto& kv : jr::strings(c, "Env")) {
        auto eq = kv.find('=');
        f["environment." + kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    }
    f["user"] = jr::str(c, "User");
    f["working_dir"] = jr::str(c, "Dir");
    f["stop_signal"] = jr::str(c, "StopSignal");
    std::int64_t grace = jr::i64(c, "StopGracePeriod");
    f["stop_grace_period"] = grace > 0 ? format_duration(Duration{grace}) : "";
    f["mounts"] = mounts_of(c);
    f["networks"] = networks_of(spec, names);
    f["ports"] = ports_of(spec);
    f["cpus"] = cpus(jr::object(res, "Limits"), "NanoCPUs");
    f["memory"] = bytes(jr::object(res, "Limits"), "MemoryBytes");
    f["cpu reservation"] = cpus(jr::object(res, "Reservations"), "NanoCPUs");
    f["memory reservation"] = bytes(jr::object(res, "Reservations"), "MemoryBytes");
    f["healthcheck"] = healthcheck_of(c);
    f["restart"] = restart_of(task);
    f["update order"] = jr::str(jr::object(spec, "UpdateConfig"), "Order");
    for (const auto& [k, v] : jr::string_map(spec, "Labels")) f["label " + k] = v;
    return f;
}

}  // namespace infractl
