// POST /build with a tar context: DockerEngine::build_image and the stream it reads.
#include "infractl/engine/docker_build.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "infractl/core/error.hpp"
#include "infractl/engine/docker_engine.hpp"
#include "infractl/engine/docker_json.hpp"
#include "infractl/engine/json_read.hpp"

namespace infractl {

namespace jr = jsonr;

using json = nlohmann::json;

BuildStreamLine parse_build_line(std::string_view line) {
    BuildStreamLine out;
    json j = json::parse(line, nullptr, false);
    if (!j.is_object()) return out;
    out.output = jr::str(j, "stream");
    while (!out.output.empty() && (out.output.back() == '\n' || out.output.back() == '\r')) out.output.pop_back();
    out.error = jr::str(jr::object(j, "errorDetail"), "message");
    if (out.error.empty()) out.error = jr::str(j, "error");
    if (out.error.empty() && (jr::field(j, "errorDetail") != nullptr || jr::field(j, "error") != nullptr))
        out.error = "the engine reported an error";
    out.image_id = jr::str(jr::object(j, "aux"), "ID");
    return out;
}

std::string build_query(const ImageBuildRequest& req) {
    std::string q = "?t=" + url_encode(req.tag) + "&dockerfile=" + url_encode(req.dockerfile) +
                    "&rm=1&forcerm=1&version=1";
    if (!req.target.empty()) q += "&target=" + url_encode(req.target);
    if (!req.args.empty()) q += "&buildargs=" + url_encode(json(req.args).dump());
    if (!req.labels.empty()) q += "&labels=" + url_encode(json(req.labels).dump());
    return q;
}

std::string DockerEngine::build_image(const ImageBuildRequest& req,
                                      const std::function<void(std::string_view)>& on_output) {
    negotiate();
    HttpRequest http{.method = "POST", .target = "/build" + build_query(req), .retry = Retry::never, .timeout = std::chrono::seconds(0)};
    http.raw_body = req.context_tar;
    http.content_type = "application/x-tar";
    std::string step;  // the last "Step N/M : ..." line: where a failure happened
    std::string error;
    std::string image_id;
    HttpResponse resp = http_.stream_lines(http, [&](std::string_view raw) {
        BuildStreamLine line = parse_build_line(raw);
        if (line.output.rfind("Step ", 0) == 0) step = line.output;
        if (!line.output.empty() && on_output) on_output(line.output);
        if (!line.error.empty() && error.empty()) error = line.error;
        if (!line.image_id.empty()) image_id = line.image_id;
    });
    if (resp.status >= 300) throw engine_error(resp, fmt::format("build '{}'", req.tag));
    if (!error.empty()) {
        std::string at = step.empty() ? "" : fmt::format(" at '{}'", step);
        throw Error(ErrorKind::bad_request, fmt::format("build '{}' failed{}: {}", req.tag, at, error),
                    "fix the Dockerfile or the build context; FROM must name an image this engine has (no registry)");
    }
    return image_id;
}

}  // namespace infractl
