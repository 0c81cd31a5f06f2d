// Reads PG_VERSION from the volumes of desired PostgreSQL primaries, for the
// major-version guard (plan/diff_pg_major.cpp). Through a running container
// that mounts the volume (docker exec cat), else through a short-lived
// container of the desired image mounting it read-only, with no network.
// A volume without a cluster, or an image not present yet, gives no entry.
#include <fmt/format.h>

#include <algorithm>

#include "infractl/engine/docker_engine.hpp"
#include "infractl/engine/docker_json.hpp"
#include "infractl/engine/json_read.hpp"
#include "infractl/resolve/read_replicas.hpp"

namespace infractl {

using nlohmann::json;
namespace jr = jsonr;
using namespace std::chrono_literals;

namespace {

std::string first_line(const std::string& s) { return s.substr(0, s.find_first_of("\r\n")); }

const ObservedContainer* running_mounter(const ObservedState& st, const std::string& volume) {
    for (const auto& c : st.containers) {
        if (c.state != ContainerState::running) continue;
        for (const auto& m : c.spec.mounts)
            if (m.is_volume && m.source == volume) return &c;
    }
    return nullptr;
}

std::optional<std::string> via_exec(DockerEngine& engine, const ObservedContainer& c, const PgDataVolume& v) {
    std::string target = v.target;
    for (const auto& m : c.spec.mounts)
        if (m.is_volume && m.source == v.volume) target = m.target;
    std::string out;
    if (engine.exec(c.id, {"cat", target + "/" + v.version_path}, out) != 0) return std::nullopt;
    return first_line(out);
}

void remove_quietly(DockerEngine& engine, const std::string& id) {
    try {
        engine.call_ok({.method = "DELETE", .target = "/containers/" + id + "?force=1"}, "remove the PG_VERSION probe");
    } catch (const Error&) {
        // Already gone (or the engine went away): nothing else holds the volume.
    }
}

std::optional<std::string> via_probe(DockerEngine& engine, const std::string& stack, const PgDataVolume& v) {
    json body = {{"Image", v.image},
                 {"Entrypoint", {"cat"}},
                 {"Cmd", {"/probe/" + v.version_path}},
                 {"User", "0:0"},
                 {"NetworkDisabled", true},
                 {"Labels", {{label::managed_by, "infractl"}, {"io.infractl.probe", "pg-version"}}},
                 {"HostConfig", {{"Binds", {v.volume + ":/probe:ro"}}, {"NetworkMode", "none"}}}};
    std::string what = fmt::format("read PG_VERSION of volume {}", v.volume);
    std::string name = fmt::format("{}-pg-version-probe-{}", stack, std::hash<std::string>{}(v.volume) % 100000);
    HttpResponse made = engine.call_ok(
        {.method = "POST", .target = "/containers/create?name=" + name, .json_body = body.dump(), .retry = Retry::never},
        what);
    std::string id = jr::str(parse_engine_json(made.body, what), "Id");
    std::optional<std::string> version;
    try {
        engine.call_ok({.method = "POST", .target = "/containers/" + id + "/start", .retry = Retry::never}, what);
        HttpResponse waited = engine.call_ok(
            {.method = "POST", .target = "/containers/" + id + "/wait", .retry = Retry::never, .timeout = 60s}, what);
        if (jr::i64(parse_engine_json(waited.body, what), "StatusCode") == 0) {
            HttpResponse logs = engine.call_ok({.target = "/containers/" + id + "/logs?stdout=1&stderr=0"}, what);
            version = first_line(demux_stream(logs.body));
        }
    } catch (...) {
        remove_quietly(engine, id);
        throw;
    }
    remove_quietly(engine, id);
    return version;
}

}  // namespace

void observe_pg_versions(DockerEngine& engine, const DesiredState& desired, ObservedState& st) {
    for (const auto& v : pg_data_volumes(desired)) {
        bool ours = std::any_of(st.volumes.begin(), st.volumes.end(),
                                [&](const ObservedVolume& o) { return o.name == v.volume; });
        if (!ours || st.pg_versions.count(v.volume)) continue;
        std::optional<std::string> version;
        if (const ObservedContainer* c = running_mounter(st, v.volume)) version = via_exec(engine, *c, v);
        else if (st.image_ids.count(v.image)) version = via_probe(engine, desired.stack, v);
        if (version && !version->empty()) st.pg_versions[v.volume] = *version;
    }
}

}  // namespace infractl
