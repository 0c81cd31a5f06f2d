// DockerEngine: container lifecycle (create, start, stop, remove, rename,
// update, inspect).
#include <algorithm>
#include <regex>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "infractl/engine/docker_engine.hpp"
#include "infractl/engine/secret_files.hpp"
#include "infractl/engine/docker_json.hpp"
#include "infractl/engine/json_read.hpp"

namespace infractl {

using nlohmann::json;
using namespace std::chrono_literals;
namespace jr = jsonr;

// Create by name is safe to repeat: a second create of a container that did
// get made answers 409, and the name and label lookup adopts it.
std::string DockerEngine::create_container(const std::string& name, const ContainerSpec& spec) {
    std::string what = fmt::format("create container '{}'", name);
    std::string secrets_root;
    if (!spec.secrets.empty()) {
        secrets_root = secret_files_root();
        auto stack = spec.labels.find(label::stack);
        provide_secrets(stack == spec.labels.end() ? "" : stack->second, spec.secrets);
    }
    HttpRequest req{.method = "POST",
                    .target = "/containers/create?name=" + url_encode(name),
                    .json_body = container_create_body(spec, secrets_root).dump(),
                    .retry = Retry::never};
    std::string id;
    bool dropped_duplicate = false;
    for (int attempt = 1; id.empty(); ++attempt) {
        try {
            HttpResponse resp = call(req);
            if (resp.status == 409) {
                if (auto adopted = adopt_on_conflict(name, spec)) return finish_create(*adopted, name, spec);
            }
            if (resp.status != 201 && resp.status != 200) {
                Error err = engine_error(resp, what);
                if (!dropped_duplicate && drop_ambiguous_network(err.what())) {
                    dropped_duplicate = true;  // then create once more
                    continue;
                }
                throw err;
            }
            id = jsonr::str(parse_engine_json(resp.body, what), "Id");
            if (id.empty()) throw Error(ErrorKind::malformed_response, what + ": the engine returned no container id");
        } catch (const TransportError& e) {
            if (!e.may_have_reached_engine()) throw;
            std::optional<std::string> adopted;
            try {
                adopted = adopt_after_drop(name, spec);
            } catch (const Error&) {
                throw e;  // the lookup failed too: report the original failure
            }
            if (adopted) {
                id = *adopted;
            } else if (!e.transient() || attempt >= kCreateAttempts) {
                throw;
            }
        }
    }
    return finish_create(id, name, spec);
}

std::string DockerEngine::finish_create(const std::string& id, const std::string& name, const ContainerSpec& spec) {
    try {
        connect_all(id, spec, 1);
    } catch (...) {
        // A container missing some of its networks must not pass for a good one.
        try {
            remove_container(id);
        } catch (const Error& e) {
            spdlog::warn("could not remove the half-made container '{}': {}", name, e.what());
        }
        throw;
    }
    return id;
}

namespace {

// Carries every ownership label of the spec with the same value: the same
// stack, project, service, replica and configuration.
bool made_from(const ObservedContainer& c, const ContainerSpec& spec) {
    if (!spec.labels.count(label::stack)) return false;
    for (const char* key : {label::stack, label::project, label::service, label::replica, label::config_hash}) {
        auto want = spec.labels.find(key);
        if (want == spec.labels.end()) continue;
        auto have = c.labels.find(key);
        if (have == c.labels.end() || have->second != want->second) return false;
    }
    return true;
}

}  // namespace

// The answer to a create was lost, or the create answered 409 (the name was
// free when we observed, under the stack lock, so a 409 is our own create
// sent twice): a container by that name made from this spec is the one we
// made (id). None by that name: nullopt, the create did not happen. Any other
// container: conflict.
std::optional<std::string> DockerEngine::adopt_after_drop(const std::string& name, const ContainerSpec& spec) {
    ObservedContainer c;
    try {
        c = inspect_container(name);
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::not_found) return std::nullopt;
        throw;
    }
    if (!made_from(c, spec))
        throw Error(ErrorKind::conflict, fmt::format("create container '{}': the name is taken by a container that "
                                                     "infractl did not make from this configuration",
                                                     name));
    spdlog::debug("create of '{}' lost its answer; adopting {} by name and label", name, c.id);
    return c.id;
}

// A 409 whose container cannot be inspected yet: the create of an infractl
// that was killed mid-call is still running in dockerd, which holds the name
// before the container can be looked up (seen by the crash tests on a loaded
// machine). Looked up again for up to 2 s; someone else's container, or none
// by then, is the conflict the engine reported.
std::optional<std::string> DockerEngine::adopt_on_conflict(const std::string& name, const ContainerSpec& spec) {
    for (int attempt = 0; attempt < 10; ++attempt) {
        std::optional<std::string> adopted;
        try {
            adopted = adopt_after_drop(name, spec);
        } catch (const Error&) {
            return std::nullopt;  // someone else's: the engine's own 409 text says whose
        }
        if (adopted) return adopted;
        std::this_thread::sleep_for(200ms);
    }
    return std::nullopt;
}

void DockerEngine::connect_all(const std::string& id, const ContainerSpec& spec, std::size_t first) {
    for (std::size_t i = first; i < spec.networks.size(); ++i) connect_network(spec.networks[i], id, spec.network_alias);
}

// A network create whose client died (an interrupted `up`) can still land in
// the engine after the rerun observed the stack and created the network
// itself: two networks of ours then share a name, and a new container on it
// cannot start ("network X is ambiguous (2 matches found on name)"). The
// diff removes such a duplicate when it sees one; this covers the create that
// landed after the snapshot: drop the duplicate, then start (or create, see
// create_container) once more.
void DockerEngine::provide_secrets(const std::string& stack, const std::vector<ContainerSpec::SecretMount>& secrets) {
    if (!secrets.empty()) write_secret_files(secret_files_root(), stack, secrets);
}

int DockerEngine::prune_secrets(const std::string& stack) {
    std::string filter = url_encode(json{{"label", {std::string(label::stack) + "=" + stack}}}.dump());
    json list = parse_engine_json(call_ok({.target = "/containers/json?all=1&filters=" + filter}, "list containers").body,
                                  "list containers");
    std::set<std::string> in_use;
    for (const auto& c : list)
        if (const json* mounts = jsonr::field(c, "Mounts"); mounts != nullptr && mounts->is_array())
            for (const auto& m : *mounts) in_use.insert(jsonr::str(m, "Source"));
    std::string root;
    try {
        root = secret_files_root();
    } catch (const Error&) {
        return 0;  // no tmpfs: nothing was ever written
    }
    return prune_secret_files(root, stack, in_use);
}

void DockerEngine::start_container(const std::string& id) {
    HttpRequest req{.method = "POST", .target = "/containers/" + path_escape(id) + "/start"};
    std::string what = fmt::format("start container '{}'", id);
    try {
        call_ok(req, what);
    } catch (const Error& e) {
        if (!drop_ambiguous_network(e.what())) throw;
        call_ok(req, what);
    }
}

bool DockerEngine::drop_ambiguous_network(const std::string& engine_message) {
    static const std::regex ambiguous(R"(network (\S+) is ambiguous)");
    std::smatch m;
    return std::regex_search(engine_message, m, ambiguous) && drop_duplicate_networks(m[1]);
}

bool DockerEngine::drop_duplicate_networks(const std::string& name) {
    std::string filter = url_encode(json{{"name", {name}}}.dump());
    json list = parse_engine_json(call_ok({.target = "/networks?filters=" + filter}, "list networks").body,
                                  "list networks");
    std::vector<ObservedNetwork> same;
    for (const auto& n : list.is_array() ? list : json::array()) {
        if (jr::str(n, "Name") != name) continue;  // the engine's name filter matches substrings
        std::string id = jr::str(n, "Id");
        HttpResponse r = call({.target = "/networks/" + path_escape(id)});
        if (r.status == 404) continue;
        same.push_back(network_from_json(parse_engine_json(r.body, fmt::format("inspect network '{}'", id))));
    }
    if (same.size() < 2) return !same.empty();  // already resolved by someone else: just retry
    std::string stack = same[0].labels.count(label::stack) ? same[0].labels.at(label::stack) : "";
    for (const auto& n : same) {
        auto it = n.labels.find(label::stack);
        if (stack.empty() || it == n.labels.end() || it->second != stack) return false;  // not all ours
    }
    std::sort(same.begin(), same.end(), keep_before);  // the one the diff would keep comes first
    for (std::size_t i = 1; i < same.size(); ++i) {
        spdlog::warn("network {}: removing duplicate {} (two creates raced)", name, same[i].id.substr(0, 12));
        HttpResponse r = call({.method = "DELETE", .target = "/networks/" + path_escape(same[i].id)});
        if (r.status != 204 && r.status != 404) return false;
    }
    return true;
}

// The longest stop grace the engine may hold for a container of ours when we
// do not know it (kEngineStopTimeout): bounds the wait for its answer.
constexpr std::int64_t kUnknownGraceSeconds = 600;

void DockerEngine::stop_container(const std::string& id, Duration grace) {
    bool own = grace == kEngineStopTimeout;
    std::int64_t secs = own ? kUnknownGraceSeconds : (grace.ns + 999'999'999) / 1'000'000'000;
    call_ok({.method = "POST",
             .target = fmt::format("/containers/{}/stop{}", path_escape(id), own ? "" : fmt::format("?t={}", secs)),
             .timeout = std::chrono::seconds(secs + 30)},
            fmt::format("stop container '{}'", id));
}

// A removal the engine is already doing (started by a process that was
// killed, or by a person) answers 409 "removal of container X is already in
// progress": that is our goal being reached. Wait for it to end (bounded),
// then report success, or the 404 of a container that is gone.
void DockerEngine::remove_container(const std::string& id) {
    std::string what = fmt::format("remove container '{}'", id);
    try {
        call_ok({.method = "DELETE", .target = "/containers/" + path_escape(id) + "?force=1"}, what);
        return;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::conflict || std::string(e.what()).find("already in progress") == std::string::npos)
            throw;
    }
    for (int i = 0; i < 150; ++i) {  // 30 s
        HttpResponse r = call({.target = "/containers/" + path_escape(id) + "/json"});
        if (r.status == 404) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    throw Error(ErrorKind::conflict, what + ": the engine's removal already in progress has not ended after 30 s");
}

void DockerEngine::rename_container(const std::string& id, const std::string& new_name) {
    call_ok({.method = "POST",
             .target = "/containers/" + path_escape(id) + "/rename?name=" + url_encode(new_name),
             .retry = Retry::never},
            fmt::format("rename container '{}' to '{}'", id, new_name));
}

void DockerEngine::update_container(const std::string& id, const ContainerSpec& spec) {
    call_ok({.method = "POST",
             .target = "/containers/" + path_escape(id) + "/update",
             .json_body = container_update_body(spec).dump()},
            fmt::format("update container '{}'", id));
}

ObservedContainer DockerEngine::inspect_container(const std::string& id_or_name) {
    std::string what = fmt::format("inspect container '{}'", id_or_name);
    HttpResponse resp = call_ok({.target = "/containers/" + path_escape(id_or_name) + "/json"}, what);
    return container_from_inspect(parse_engine_json(resp.body, what));
}

}  // namespace infractl
