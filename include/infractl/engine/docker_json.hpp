#pragma once
// The Docker Engine wire format, as pure functions so the mapping is unit-
// tested without an engine: ContainerSpec -> create/update bodies, inspect ->
// ObservedContainer, status + body -> typed Error, image refs, stats, the
// framed exec stream. Readers never crash on wrong types or truncated JSON:
// a wrong-typed field reads as absent, an unparsable body throws
// Error(malformed_response).
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "infractl/core/error.hpp"
#include "infractl/engine/engine.hpp"
#include "infractl/engine/http_client.hpp"

namespace infractl {

// Body of POST /containers/create: the first of spec.networks is joined at
// create (NetworkMode + NetworkingConfig with the alias); the caller connects
// the rest. Env is "K=V", sorted by name.
// `secrets_root`: where the copies of spec.secrets are (engine/secret_files.hpp);
// each is bind-mounted read-only at /run/secrets/TARGET.
nlohmann::json container_create_body(const ContainerSpec& spec, const std::string& secrets_root = "");
// Body of POST /containers/{id}/update (see DockerEngine::update_container).
nlohmann::json container_update_body(const ContainerSpec& spec);
// The engine's HealthConfig (durations in ns; a disabled check is Test ["NONE"]),
// the same for a container and for a Swarm task.
nlohmann::json healthcheck_json(const Healthcheck& h);
// GET /containers/{id}/json -> ObservedContainer (see docker_engine.hpp for
// what the reconstructed spec contains). Throws malformed_response when `j`
// is not an object with an Id.
ObservedContainer container_from_inspect(const nlohmann::json& j);
// From an entry of GET /containers/json: no spec beyond image, labels,
// mounts and networks; stop grace kEngineStopTimeout.
ObservedContainer container_from_summary(const nlohmann::json& j);
ObservedNetwork network_from_json(const nlohmann::json& j);  // list entry or inspect
ObservedVolume volume_from_json(const nlohmann::json& j);

// Parses an engine body; throws malformed_response naming `what` on failure.
nlohmann::json parse_engine_json(const std::string& body, const std::string& what);
// The engine's own error text: its JSON "message" (Docker and Podman), else
// the body trimmed to 300 characters, else "HTTP <status>".
std::string engine_message(const HttpResponse& resp);
// Error for a failed status: "<what>: <engine message>" with the ErrorKind of
// the status (404 not_found, 409 conflict, other 4xx bad_request, else server_error).
Error engine_error(const HttpResponse& resp, const std::string& what);

struct ImageRef {
    std::string from_image;  // "registry:5000/team/app"
    std::string tag;         // "1.2", "sha256:...", never empty ("latest")
};
// Splits a reference for POST /images/create. A ':' after the last '/' starts
// the tag (so "host:5000/app" has none); "@" starts a digest.
ImageRef split_image_ref(std::string_view ref);

// One line of a pull stream. Throws Error(server_error) with the engine's text
// for an in-band {"error"} / {"errorDetail"}; ignores lines that are not JSON.
PullProgress pull_line(std::string_view line, const std::string& ref);

// GET /containers/{id}/stats?stream=false -> numbers as `docker stats` shows.
ContainerStats stats_from_json(const nlohmann::json& j);

// Concatenates the payloads of an 8-byte framed stream ([stream,0,0,0,size BE]
// + payload), stdout and stderr in arrival order. A truncated last frame
// contributes what arrived.
std::string demux_stream(std::string_view raw);

}  // namespace infractl
