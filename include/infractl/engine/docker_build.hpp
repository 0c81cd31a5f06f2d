#pragma once
// POST /build (the engine's classic builder, API version 1 of the build
// endpoint: BuildKit would need a session the API alone cannot give) and
// its answer: a stream of JSON lines with HTTP 200 even when the build
// fails; the failure arrives in-band as {"error", "errorDetail"}, after the
// "Step N/M : ..." line of the step that failed.
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace infractl {

struct ImageBuildRequest {
    std::string tag;         // t=
    std::string dockerfile;  // relative to the context
    std::map<std::string, std::string> args;    // buildargs= (values never printed)
    std::string target;
    std::map<std::string, std::string> labels;  // on the image
    std::string context_tar;
};

// One line of the build stream.
struct BuildStreamLine {
    std::string output;    // "stream" text, trailing newline removed
    std::string error;     // in-band error, "" when none
    std::string image_id;  // aux.ID: "sha256:..."
};

// Lines that are not JSON give an empty BuildStreamLine.
BuildStreamLine parse_build_line(std::string_view line);

// The query string of POST /build for `req` ("?t=...&dockerfile=...").
std::string build_query(const ImageBuildRequest& req);

}  // namespace infractl
