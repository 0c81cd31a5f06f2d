// DockerEngine: negotiation, the request helpers, and the calls that are not
// about container lifecycle (info, networks, volumes, images, stats, exec).
#include "infractl/engine/docker_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string_view>

#include "infractl/engine/docker_exec.hpp"
#include "infractl/engine/docker_json.hpp"
#include "infractl/engine/json_read.hpp"

namespace infractl {

using nlohmann::json;
namespace jr = jsonr;
using namespace std::chrono_literals;

namespace {

std::pair<int, int> parse_version(std::string_view v) {
    int major = -1, minor = -1;
    auto dot = v.find('.');
    if (dot == std::string_view::npos) return {-1, -1};
    auto r1 = std::from_chars(v.data(), v.data() + dot, major);
    auto r2 = std::from_chars(v.data() + dot + 1, v.data() + v.size(), minor);
    if (r1.ec != std::errc() || r2.ec != std::errc() || r2.ptr != v.data() + v.size()) return {-1, -1};
    return {major, minor};
}

}  // namespace

std::string choose_api_version(std::string_view daemon) {
    auto have = parse_version(daemon);
    if (have.first < 1 || have.second < 0) return kOldestApi;
    if (have > parse_version(kNewestApi)) return kNewestApi;
    return std::string(daemon);
}

std::string path_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '/' || c == ':' || c == '@') {
            out.push_back(c);
        } else {
            out += url_encode(std::string_view(&c, 1));
        }
    }
    return out;
}

DockerEngine::DockerEngine(std::string socket_path) : http_(std::move(socket_path)) {}

void DockerEngine::negotiate() {
    std::lock_guard<std::mutex> lock(negotiate_mu_);
    if (negotiated_) return;
    HttpRequest req{.method = "GET", .target = "/_ping", .timeout = 10s, .unversioned = true};
    HttpResponse resp = http_.send(req);
    if (resp.status != 200) throw engine_error(resp, fmt::format("ping the engine at unix://{}", socket_path()));
    http_.set_api_version(choose_api_version(resp.header("api-version")));
    server_header_ = resp.header("server");
    podman_ = !resp.header("libpod-api-version").empty() || server_header_.find("Libpod") != std::string::npos;
    negotiated_ = true;
}

bool DockerEngine::ping() {
    try {
        negotiate();
        HttpRequest req{.method = "GET", .target = "/_ping", .timeout = 5s, .unversioned = true};
        return http_.send(req).status == 200;
    } catch (const Error&) {
        return false;
    }
}

HttpResponse DockerEngine::call(HttpRequest req) {
    negotiate();
    return http_.send(req);
}

HttpResponse DockerEngine::call_ok(HttpRequest req, const std::string& what) {
    HttpResponse resp = call(std::move(req));
    if (resp.status >= 300 && resp.status != 304) throw engine_error(resp, what);
    return resp;
}

std::vector<HttpResponse> DockerEngine::call_all(std::vector<HttpRequest> reqs) {
    negotiate();
    return http_.send_all(reqs);
}

void DockerEngine::call_stream(HttpRequest req, const std::string& what,
                               const std::function<void(std::string_view)>& on_chunk) {
    negotiate();
    HttpResponse resp = http_.stream_chunks(req, on_chunk);
    if (resp.status >= 300 && resp.status != 304) throw engine_error(resp, what);
}

std::string DockerEngine::api_version() {
    negotiate();
    return http_.api_version();
}

std::vector<ObservedContainer> DockerEngine::list_containers(const std::string& stack) {
    std::string filter = url_encode(json{{"label", {std::string(label::stack) + "=" + stack}}}.dump());
    HttpResponse resp = call_ok({.target = "/containers/json?all=1&filters=" + filter},
                                fmt::format("list the containers of stack '{}'", stack));
    json list = parse_engine_json(resp.body, "list containers");
    std::vector<ObservedContainer> out;
    if (list.is_array()) {
        for (const auto& c : list) out.push_back(container_from_summary(c));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

EngineInfo DockerEngine::info() {
    auto resps = call_all({{.target = "/info"}, {.target = "/version"}});
    for (std::size_t i = 0; i < resps.size(); ++i) {
        if (resps[i].status != 200) throw engine_error(resps[i], i == 0 ? "engine info" : "engine version");
    }
    json info = parse_engine_json(resps[0].body, "engine info");
    json version = parse_engine_json(resps[1].body, "engine version");
    EngineInfo out;
    out.api_version = http_.api_version();
    out.server_version = jr::str(version, "Version");
    if (out.server_version.empty()) out.server_version = server_header_;
    out.ncpu = static_cast<int>(jr::i64(info, "NCPU"));
    out.mem_total = jr::i64(info, "MemTotal");
    out.swarm_active = jr::str(jr::object(info, "Swarm"), "LocalNodeState") == "active";
    out.podman = podman_;
    return out;
}

void DockerEngine::create_network(const DesiredNetwork& net) {
    json body = {{"Name", net.name},   {"Driver", net.driver}, {"Internal", net.internal},
                 {"Labels", net.labels}, {"CheckDuplicate", true}};
    call_ok({.method = "POST", .target = "/networks/create", .json_body = body.dump(), .retry = Retry::never},
            fmt::format("create network '{}'", net.name));
}

void DockerEngine::remove_network(const std::string& name) {
    try {
        call_ok({.method = "DELETE", .target = "/networks/" + path_escape(name)},
                fmt::format("remove network '{}'", name));
    } catch (const Error& e) {
        if (std::string_view(e.what()).find("has active endpoints") == std::string_view::npos) throw;
        // dockerd 20.10 can keep counting an endpoint after a container
        // start was cut short (seen after SIGKILLed clients): the network
        // then has no container attached, and only an engine restart clears
        // the count. Say so rather than leave the user to guess.
        HttpResponse resp = call({.target = "/networks/" + path_escape(name)});
        if (resp.status != 200) throw;
        json j = parse_engine_json(resp.body, fmt::format("inspect network '{}'", name));
        if (!jr::object(j, "Containers").empty()) throw;
        throw Error(e.kind(),
                    std::string(e.what()) + "; no container is attached to it: the engine's count of its endpoints "
                                            "is stale",
                    "a known dockerd 20.10 fault after a container start was cut short; restarting dockerd clears "
                    "it, then run this command again");
    }
}

void DockerEngine::connect_network(const std::string& network, const std::string& container) {
    ObservedContainer c = inspect_container(container);
    std::string alias = c.spec.network_alias;
    if (alias.empty() && !c.service().empty()) {
        alias = c.project() == kGlobalProject ? c.service() : c.project() + "-" + c.service();
    }
    connect_network(network, c.id, alias);
}

void DockerEngine::connect_network(const std::string& network, const std::string& container,
                                   const std::string& alias) {
    json endpoint = json::object();
    if (!alias.empty()) endpoint["Aliases"] = {alias};
    json body = {{"Container", container}, {"EndpointConfig", endpoint}};
    call_ok({.method = "POST",
             .target = "/networks/" + path_escape(network) + "/connect",
             .json_body = body.dump(),
             .retry = Retry::never},
            fmt::format("connect '{}' to network '{}'", container, network));
}

void DockerEngine::disconnect_network(const std::string& network, const std::string& container) {
    json body = {{"Container", container}, {"Force", false}};
    call_ok({.method = "POST", .target = "/networks/" + path_escape(network) + "/disconnect", .json_body = body.dump()},
            fmt::format("disconnect '{}' from network '{}'", container, network));
}

void DockerEngine::create_volume(const DesiredVolume& vol) {
    json body = {{"Name", vol.name}, {"Driver", "local"}, {"Labels", vol.labels}};
    call_ok({.method = "POST", .target = "/volumes/create", .json_body = body.dump()},
            fmt::format("create volume '{}'", vol.name));
}

void DockerEngine::remove_volume(const std::string& name) {
    call_ok({.method = "DELETE", .target = "/volumes/" + path_escape(name)}, fmt::format("remove volume '{}'", name));
}

bool DockerEngine::image_present(const std::string& ref) {
    HttpResponse resp = call({.target = "/images/" + path_escape(ref) + "/json"});
    if (resp.status == 404) return false;
    if (resp.status != 200) throw engine_error(resp, fmt::format("inspect image '{}'", ref));
    return true;
}

void DockerEngine::pull_image(const std::string& ref, const std::function<void(const PullProgress&)>& progress) {
    negotiate();
    ImageRef r = split_image_ref(ref);
    HttpRequest req{.method = "POST",
                    .target = "/images/create?fromImage=" + url_encode(r.from_image) + "&tag=" + url_encode(r.tag),
                    .retry = Retry::never,
                    .timeout = 0s};
    // HTTP 200 says nothing: failures arrive in-band, and pull_line throws them.
    HttpResponse resp = http_.stream_lines(req, [&](std::string_view line) {
        PullProgress p = pull_line(line, ref);
        if (progress && !p.status.empty()) progress(p);
    });
    if (resp.status >= 300) throw engine_error(resp, fmt::format("pull '{}'", ref));
}

ContainerStats DockerEngine::stats(const std::string& id) {
    HttpResponse resp = call_ok({.target = "/containers/" + path_escape(id) + "/stats?stream=false", .timeout = 30s},
                                fmt::format("stats of '{}'", id));
    return stats_from_json(parse_engine_json(resp.body, fmt::format("stats of '{}'", id)));
}

int DockerEngine::exec(const std::string& id, const std::vector<std::string>& cmd, std::string& output) {
    std::string what = fmt::format("exec in '{}'", id);
    std::string exec_id = exec_create(*this, id, ExecSpec{.cmd = cmd, .tty = false, .attach_stdin = false});
    json start = {{"Detach", false}, {"Tty", false}};
    HttpResponse ran = call_ok({.method = "POST",
                                .target = "/exec/" + exec_id + "/start",
                                .json_body = start.dump(),
                                .retry = Retry::never,
                                .timeout = 600s},
                               what);
    output = demux_stream(ran.body);
    return exec_exit_code(*this, exec_id, what);
}

}  // namespace infractl
