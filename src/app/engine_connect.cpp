#include "app_support.hpp"
#include "infractl/engine/docker_engine.hpp"

namespace infractl {

std::unique_ptr<Engine> connect_engine(const GlobalOptions& g) {
    return std::make_unique<DockerEngine>(engine_socket_path(g.host));
}

}  // namespace infractl
