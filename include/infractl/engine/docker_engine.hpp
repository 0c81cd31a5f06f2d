#pragma once
// The Docker Engine backend of Engine, over the engine's Unix socket
// (Docker 20.10+ and Podman's compatible socket).
//
// Contracts beyond engine.hpp:
// - The API version is negotiated lazily, on the first call, from GET /_ping:
//   the daemon's Api-Version capped at kNewestApi (we speak 1.41 semantics:
//   one network at create, the rest connected after; newer daemons accept
//   that, and Docker 29 refuses anything below 1.44). Podman is recognised by
//   its Libpod-Api-Version / Server headers.
// - HTTP statuses become ErrorKind: 404 not_found, 409 conflict, 400 (and other
//   4xx) bad_request, 5xx server_error; the text is "<what we did>: <the
//   engine's own message>". No socket, refused, EACCES -> engine_unavailable
//   naming the socket, with a hint. Unparsable bodies -> malformed_response.
// - Idempotent calls retry on connection errors and 503 (HttpClient::send).
//   create_container does not: when the connection drops after the request
//   may have arrived, it looks the name up and adopts a container that carries
//   the spec's io.infractl.stack label (a create that did happen); when there
//   is none, the create did not happen and is sent again (up to
//   kCreateAttempts times; a 409 on such a retry is adopted the same way).
// - Specs reconstructed from inspect (ObservedContainer::spec) report what the
//   engine runs, which includes what the IMAGE adds: Env holds the image's
//   variables (PATH, ...), Labels the image's labels, Cmd/Entrypoint the
//   image's defaults when the spec left them unset, Healthcheck the image's
//   healthcheck. Compare those fields only where the desired spec sets them,
//   or rely on the config-hash label. Ports are sorted by (container port,
//   protocol, host ip, host port), mounts by target, networks by name; env
//   values come back with secret = false; a disabled healthcheck comes back
//   as test {"NONE"} with disabled = true; cpu_reservation comes from
//   CpuShares (cpus_from_docker_shares), unset when the engine reports 0.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "infractl/engine/docker_build.hpp"
#include "infractl/engine/engine.hpp"
#include "infractl/engine/http_client.hpp"

namespace infractl {

inline constexpr const char* kDefaultDockerSocket = "/var/run/docker.sock";
inline constexpr const char* kOldestApi = "1.41";
inline constexpr const char* kNewestApi = "1.44";
inline constexpr int kCreateAttempts = 3;

// "unix:///run/user/1000/docker.sock" -> "/run/user/1000/docker.sock". Only
// unix:// is supported: anything else throws Error(invalid_input) naming it.
std::string parse_engine_host(std::string_view host);
// The socket to use: host_flag (-H) when not empty, else $DOCKER_HOST when
// set and not empty, else kDefaultDockerSocket.
std::string engine_socket_path(const std::string& host_flag);
// The version to speak, from the daemon's Api-Version: the daemon's own when
// it is at most kNewestApi, kNewestApi when newer, kOldestApi when unparsable.
std::string choose_api_version(std::string_view daemon_api_version);
// Escapes a name or image reference for use as one URL path segment group;
// keeps '/', ':' and '@' (the engine routes /images/{name:.*}/json).
std::string path_escape(std::string_view s);

class DockerEngine : public Engine {
public:
    explicit DockerEngine(std::string socket_path = kDefaultDockerSocket);

    EngineInfo info() override;
    ObservedState observe(const std::string& stack, const DesiredState* desired) override;

    void create_network(const DesiredNetwork& net) override;
    void remove_network(const std::string& name) override;
    // Keeps the container's DNS alias: reuses the alias it has on another
    // network, else derives it from its labels as resolve does ({service} for
    // globals, {project}-{service} otherwise).
    void connect_network(const std::string& network, const std::string& container) override;
    void connect_network(const std::string& network, const std::string& container, const std::string& alias);
    void disconnect_network(const std::string& network, const std::string& container) override;
    void create_volume(const DesiredVolume& vol) override;
    void remove_volume(const std::string& name) override;

    // When connecting a further network fails, the container is removed
    // before the error is rethrown. Beware: dockerd 20.10 accepts connecting
    // a created container to a network that does not exist and fails only at
    // start ("network x not found"); create networks first.
    // Writes the copies of spec.secrets first (engine/secret_files.hpp).
    std::string create_container(const std::string& name, const ContainerSpec& spec) override;
    void start_container(const std::string& id) override;
    void stop_container(const std::string& id, Duration grace) override;
    void remove_container(const std::string& id) override;
    void rename_container(const std::string& id, const std::string& new_name) override;
    // Sends NanoCpus, Memory (+ MemorySwap -1 so a raise never hits the old
    // swap limit), MemoryReservation, CpuShares and RestartPolicy. A limit that is unset
    // in `spec` is left as it is: the engine reads 0 as "unchanged" and
    // rejects -1 ("Minimum memory limit allowed is 6MB"), so a limit cannot be
    // removed live; the diff must plan a recreate for that.
    void update_container(const std::string& id, const ContainerSpec& spec) override;
    ObservedContainer inspect_container(const std::string& id_or_name) override;

    bool image_present(const std::string& ref) override;
    void pull_image(const std::string& ref, const std::function<void(const PullProgress&)>& progress) override;

    void provide_secrets(const std::string& stack, const std::vector<ContainerSpec::SecretMount>& secrets) override;
    int prune_secrets(const std::string& stack) override;

    ContainerStats stats(const std::string& id) override;
    int exec(const std::string& id, const std::vector<std::string>& cmd, std::string& output) override;

    // POST /build (docker_build.hpp); hands every output line to on_output and
    // returns the image id. A failing step throws Error(bad_request) "build
    // '<tag>' failed at 'Step N/M : ...': <the engine's message>".
    std::string build_image(const ImageBuildRequest& req, const std::function<void(std::string_view)>& on_output);

    // GET /_ping answered (negotiates on success); never throws.
    bool ping();
    const std::string& socket_path() const { return http_.socket_path(); }

    // Raw API calls on this engine's connection, for the other clients of the
    // same socket (the Swarm backend): the version is negotiated first, and an
    // answer of 300 or more (but 304) throws the typed error "<what>: <the
    // engine's message>", as every method above does.
    HttpResponse call_ok(HttpRequest req, const std::string& what);
    std::vector<HttpResponse> call_all(std::vector<HttpRequest> reqs);
    // A streaming call (logs, attach): the body's bytes go to on_chunk as they
    // arrive; an answer of 300 or more throws as call_ok does. Ends when the
    // engine closes the stream, or throws Error(interrupted) once req.cancel is set.
    void call_stream(HttpRequest req, const std::string& what, const std::function<void(std::string_view)>& on_chunk);
    // The API version this engine is spoken to with ("1.41"), negotiating first.
    std::string api_version();

    // The stack's containers from one filtered list call (no inspect): names,
    // labels, state, health, exit code. Sorted by name.
    std::vector<ObservedContainer> list_containers(const std::string& stack);

private:
    void negotiate();
    HttpResponse call(HttpRequest req);
    // Removes all but one of the networks named `name` when every one of
    // them belongs to one infractl stack; false when there is nothing it may do.
    bool drop_duplicate_networks(const std::string& name);
    // The same, for the network an engine error calls "ambiguous"; false when
    // the message names none.
    bool drop_ambiguous_network(const std::string& engine_message);
    void connect_all(const std::string& id, const ContainerSpec& spec, std::size_t first);
    std::optional<std::string> adopt_after_drop(const std::string& name, const ContainerSpec& spec);
    std::optional<std::string> adopt_on_conflict(const std::string& name, const ContainerSpec& spec);
    std::string finish_create(const std::string& id, const std::string& name, const ContainerSpec& spec);

    HttpClient http_;
    std::mutex negotiate_mu_;
    bool negotiated_ = false;
    bool podman_ = false;
    std::string server_header_;
};

// Fills st.pg_versions for the volumes of desired PostgreSQL primaries
// (engine/pg_version_probe.cpp): the major-version guard's input.
void observe_pg_versions(DockerEngine& engine, const DesiredState& desired, ObservedState& st);
// Fills st.replication from every running primary (engine/replication_observe.cpp).
void observe_replication(DockerEngine& engine, ObservedState& st);
// psql -tA -F'|' rows "slot|state|lag bytes|lag seconds" -> by replica number
// (the N of slot infractl_replica_N); other rows are skipped.
std::map<int, ObservedState::Replication> parse_replication_rows(const std::string& rows);

}  // namespace infractl
