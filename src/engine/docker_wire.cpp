// Engine answers that are not container specs: errors, image refs, pull
// streams, stats, the framed exec stream.
#include <fmt/format.h>

#include <algorithm>

#include "infractl/engine/docker_json.hpp"
#include "infractl/engine/json_read.hpp"

namespace infractl {

using nlohmann::json;
namespace jr = jsonr;

json parse_engine_json(const std::string& body, const std::string& what) {
    json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
        std::string head = body.substr(0, 80);
        throw Error(ErrorKind::malformed_response,
                    fmt::format("{}: the engine's answer is not valid JSON ({} bytes, starting '{}')", what,
                                body.size(), head));
    }
    return j;
}

std::string engine_message(const HttpResponse& resp) {
    json j = json::parse(resp.body, nullptr, false);
    std::string msg = jr::str(j, "message");
    if (msg.empty()) msg = jr::str(j, "cause");  // some Podman answers
    if (msg.empty() && !j.is_discarded() && !j.is_object()) msg = resp.body;
    if (msg.empty() && j.is_discarded()) msg = resp.body;
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == '\r' || msg.back() == ' ')) msg.pop_back();
    if (msg.size() > 300) msg = msg.substr(0, 300) + "...";
    if (msg.empty()) msg = fmt::format("HTTP {}", resp.status);
    return msg;
}

Error engine_error(const HttpResponse& resp, const std::string& what) {
    ErrorKind kind = ErrorKind::server_error;
    if (resp.status == 404) {
        kind = ErrorKind::not_found;
    } else if (resp.status == 409) {
        kind = ErrorKind::conflict;
    } else if (resp.status >= 400 && resp.status < 500) {
        kind = ErrorKind::bad_request;
    }
    return Error(kind, fmt::format("{}: {}", what, engine_message(resp)));
}

ImageRef split_image_ref(std::string_view ref) {
    if (auto at = ref.find('@'); at != std::string_view::npos) {
        return {std::string(ref.substr(0, at)), std::string(ref.substr(at + 1))};
    }
    auto slash = ref.rfind('/');
    auto colon = ref.rfind(':');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash) &&
        colon + 1 < ref.size()) {
        return {std::string(ref.substr(0, colon)), std::string(ref.substr(colon + 1))};
    }
    if (colon != std::string_view::npos && colon + 1 == ref.size() && (slash == std::string_view::npos || colon > slash)) {
        ref.remove_suffix(1);  // "app:" names no tag
    }
    return {std::string(ref), "latest"};
}

PullProgress pull_line(std::string_view line, const std::string& ref) {
    json j = json::parse(line, nullptr, false);
    if (!j.is_object()) return {};
    std::string err = jr::str(jr::object(j, "errorDetail"), "message");
    if (err.empty()) err = jr::str(j, "error");
    if (!err.empty() || jr::field(j, "errorDetail") != nullptr || jr::field(j, "error") != nullptr) {
        throw Error(ErrorKind::server_error,
                    fmt::format("pull '{}': {}", ref, err.empty() ? std::string("the engine reported an error") : err),
                    "check the image name and that its registry is reachable from the engine");
    }
    const json& detail = jr::object(j, "progressDetail");
    return {jr::str(j, "status"), jr::i64(detail, "current"), jr::i64(detail, "total")};
}

ContainerStats stats_from_json(const json& j) {
    ContainerStats s;
    const json& cpu = jr::object(j, "cpu_stats");
    const json& pre = jr::object(j, "precpu_stats");
    double cpu_delta = static_cast<double>(jr::i64(jr::object(cpu, "cpu_usage"), "total_usage") -
                                           jr::i64(jr::object(pre, "cpu_usage"), "total_usage"));
    double sys_delta =
        static_cast<double>(jr::i64(cpu, "system_cpu_usage") - jr::i64(pre, "system_cpu_usage"));
    auto online = jr::i64(cpu, "online_cpus");
    if (online == 0) {
        const json* per = jr::field(jr::object(cpu, "cpu_usage"), "percpu_usage");
        online = per != nullptr && per->is_array() ? static_cast<std::int64_t>(per->size()) : 1;
    }
    if (cpu_delta > 0 && sys_delta > 0) s.cpu_percent = cpu_delta / sys_delta * static_cast<double>(online) * 100.0;

    const json& mem = jr::object(j, "memory_stats");
    const json& ms = jr::object(mem, "stats");
    std::int64_t usage = jr::i64(mem, "usage");
    // cgroup v1 reports total_inactive_file, v2 inactive_file (docker stats does the same).
    std::int64_t inactive =
        jr::field(ms, "total_inactive_file") != nullptr ? jr::i64(ms, "total_inactive_file") : jr::i64(ms, "inactive_file");
    s.memory_used = inactive < usage ? usage - inactive : usage;
    s.memory_limit = jr::i64(mem, "limit");
    return s;
}

std::string demux_stream(std::string_view raw) {
    std::string out;
    while (raw.size() >= 8) {
        auto b = [&](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(raw[i])); };
        std::size_t size = (b(4) << 24) | (b(5) << 16) | (b(6) << 8) | b(7);
        raw.remove_prefix(8);
        std::size_t take = std::min(size, raw.size());
        out.append(raw.substr(0, take));
        raw.remove_prefix(take);
    }
    return out;
}

}  // namespace infractl
