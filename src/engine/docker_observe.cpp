// DockerEngine::observe: one snapshot in two parallel rounds of calls.
// Round 1 lists containers, networks and volumes (3 calls). Round 2 inspects,
// in parallel over kept-alive connections, the stack's containers that the
// desired state names (the others are known from their list entry: scale-down
// surplus and `down` cost no inspect), its networks, the foreign containers
// holding desired names, and the desired images.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "infractl/engine/docker_engine.hpp"
#include "infractl/engine/docker_json.hpp"
#include "infractl/engine/json_read.hpp"

namespace infractl {

using nlohmann::json;
namespace jr = jsonr;

namespace {

// Names the desired state will create; a foreign object holding one is a clash.
struct DesiredNames {
    std::set<std::string> containers, networks, volumes, images;
};

DesiredNames names_of(const DesiredState* desired) {
    DesiredNames n;
    if (desired == nullptr) return n;
    for (const auto& s : desired->services) {
        for (const auto& c : s.containers) {
            n.containers.insert(c.name);
            n.images.insert(c.spec.image);
        }
    }
    for (const auto& net : desired->networks) n.networks.insert(net.name);
    for (const auto& v : desired->volumes) n.volumes.insert(v.name);
    return n;
}

bool ours(const json& labels_owner, const std::string& stack) {
    auto labels = jr::string_map(labels_owner, "Labels");
    auto it = labels.find(label::stack);
    return it != labels.end() && it->second == stack;
}

const json& array_or_empty(const json& j) {
    static const json empty = json::array();
    return j.is_array() ? j : empty;
}

// What round 2 fetches and where each answer goes.
enum class Fetch { own_container, foreign_container, network, image };

struct Round2 {
    std::vector<HttpRequest> reqs;
    std::vector<std::pair<Fetch, std::string>> what;  // kind, name
    void add(Fetch kind, const std::string& target, const std::string& name) {
        reqs.push_back({.target = target});
        what.emplace_back(kind, name);
    }
};

// One answer of round 2, converted where it was fetched.
struct Parsed {
    std::optional<ObservedContainer> container;
    std::optional<ObservedNetwork> network;
    std::optional<std::string> image_id;
};

// Inspects in flight at once: enough to hide the engine's latency, few
// enough not to crowd a small machine's engine.
constexpr std::size_t kObserveParallel = 8;

void check(const HttpResponse& resp, const std::string& what) {
    if (resp.status != 200) throw engine_error(resp, what);
}

}  // namespace

ObservedState DockerEngine::observe(const std::string& stack, const DesiredState* desired) {
    DesiredNames want = names_of(desired);
    std::string filter = desired != nullptr
                             ? std::string()
                             : "filters=" + url_encode(json{{"label", {std::string(label::stack) + "=" + stack}}}.dump());
    // With a desired state the lists are unfiltered (foreign names must be
    // seen too) and split client-side: exact names, where the engine's name
    // filter would match substrings.
    auto lists = call_all({{.target = "/containers/json?all=1" + (filter.empty() ? "" : "&" + filter)},
                           {.target = "/networks" + (filter.empty() ? "" : "?" + filter)},
                           {.target = "/volumes" + (filter.empty() ? "" : "?" + filter)}});
    check(lists[0], "list containers");
    check(lists[1], "list networks");
    check(lists[2], "list volumes");

    ObservedState st;
    st.stack = stack;
    Round2 r2;
    // Parsed into locals: a range-for over array_or_empty(temporary) would dangle.
    json containers = parse_engine_json(lists[0].body, "list containers");
    json networks = parse_engine_json(lists[1].body, "list networks");
    json vols = parse_engine_json(lists[2].body, "list volumes");
    for (const auto& c : array_or_empty(containers)) {
        auto names = jr::strings(c, "Names");
        std::string name = names.empty() ? std::string() : names.front().substr(names.front().starts_with('/') ? 1 : 0);
        std::string id = jr::str(c, "Id");
        if (ours(c, stack) && want.containers.count(name) == 0) {
            // Not desired: it can only be removed or left alone, which the
            // list entry says enough for. No inspect.
            st.containers.push_back(container_from_summary(c));
        } else if (ours(c, stack)) {
            r2.add(Fetch::own_container, "/containers/" + id + "/json", name);
        } else if (want.containers.count(name) != 0) {
            r2.add(Fetch::foreign_container, "/containers/" + id + "/json", name);
        }
    }
    for (const auto& n : array_or_empty(networks)) {
        std::string name = jr::str(n, "Name");
        if (ours(n, stack)) {
            r2.add(Fetch::network, "/networks/" + jr::str(n, "Id"), name);
        } else if (want.networks.count(name) != 0) {
            st.foreign_networks.push_back(name);
        }
    }
    const json* vol_list = jr::field(vols, "Volumes");
    for (const auto& v : array_or_empty(vol_list != nullptr ? *vol_list : vols)) {
        std::string name = jr::str(v, "Name");
        if (ours(v, stack)) {
            st.volumes.push_back(volume_from_json(v));
        } else if (want.volumes.count(name) != 0) {
            st.foreign_volumes.push_back(name);
        }
    }
    for (const auto& image : want.images) r2.add(Fetch::image, "/images/" + path_escape(image) + "/json", image);

    // Each answer is parsed on the thread that fetched it: parsing 100
    // inspects costs as much as fetching them, and overlaps with the I/O.
    std::vector<Parsed> parsed(r2.reqs.size());
    negotiate();
    run_parallel(r2.reqs.size(), kObserveParallel, [&](std::size_t i) {
        const auto& [kind, name] = r2.what[i];
        HttpResponse resp = call(r2.reqs[i]);
        // 404: removed between the list and the inspect, or an image not present.
        if (resp.status == 404) return;
        std::string what = fmt::format("inspect '{}'", name);
        check(resp, what);
        json j = parse_engine_json(resp.body, what);
        if (kind == Fetch::network) {
            parsed[i].network = network_from_json(j);
        } else if (kind == Fetch::image) {
            parsed[i].image_id = jr::str(j, "Id");
        } else {
            parsed[i].container = container_from_inspect(j);
        }
    });
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        const auto& [kind, name] = r2.what[i];
        Parsed& p = parsed[i];
        if (p.container) (kind == Fetch::own_container ? st.containers : st.foreign_containers).push_back(std::move(*p.container));
        if (p.network) st.networks.push_back(std::move(*p.network));
        if (p.image_id) st.image_ids[name] = *p.image_id;
    }
    auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
    std::sort(st.containers.begin(), st.containers.end(), by_name);
    std::sort(st.foreign_containers.begin(), st.foreign_containers.end(), by_name);
    std::sort(st.networks.begin(), st.networks.end(), by_name);
    std::sort(st.volumes.begin(), st.volumes.end(), by_name);
    std::sort(st.foreign_networks.begin(), st.foreign_networks.end());
    std::sort(st.foreign_volumes.begin(), st.foreign_volumes.end());
    if (desired != nullptr) {
        observe_pg_versions(*this, *desired, st);
        observe_replication(*this, st);
    }
    return st;
}

}  // namespace infractl
