// `infractl version`: infractl's own version, then the engine's and the API
// version the two speak (negotiated as DockerEngine does for every command).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "infractl/app/attach.hpp"
#include "infractl/engine/docker_engine.hpp"
#include "infractl/engine/docker_json.hpp"
#include "infractl/engine/json_read.hpp"

namespace infractl {

ExitCode run_version(const GlobalOptions& g) {
    bool json_out = g.output == "json";
    if (!json_out) {
        // Before the engine is asked: an engine that cannot be reached still
        // leaves this line, then the usual error (exit 69).
        std::cout << fmt::format("infractl: {} (speaks engine API {} to {})", INFRACTL_VERSION, kOldestApi, kNewestApi)
                  << std::endl;
    }
    DockerEngine engine(engine_socket_path(g.host));
    EngineInfo info = engine.info();
    nlohmann::json v = parse_engine_json(
        engine.call_ok({.target = "/version"}, "engine version").body, "engine version");
    std::string daemon_api = jsonr::str(v, "ApiVersion");
    std::string daemon_min = jsonr::str(v, "MinAPIVersion");
    const char* kind = info.podman ? "Podman" : "Docker";
    if (json_out) {
        nlohmann::json out = {
            {"infractl", {{"version", INFRACTL_VERSION}, {"api_min", kOldestApi}, {"api_max", kNewestApi}}},
            {"engine",
             {{"kind", info.podman ? "podman" : "docker"},
              {"version", info.server_version},
              {"socket", "unix://" + engine.socket_path()},
              {"api_version", daemon_api},
              {"min_api_version", daemon_min}}},
            {"api_version", info.api_version}};
        std::cout << out.dump(2) << '\n';
        return ExitCode::ok;
    }
    std::cout << fmt::format("engine:   {} {} at unix://{}\n", kind, info.server_version, engine.socket_path());
    std::cout << fmt::format("api:      {} (the engine speaks {} to {})\n", info.api_version,
                             daemon_min.empty() ? "?" : daemon_min, daemon_api.empty() ? "?" : daemon_api);
    return ExitCode::ok;
}

}  // namespace infractl
