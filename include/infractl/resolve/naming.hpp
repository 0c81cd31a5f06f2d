#pragma once
// Engine object names and aliases (docs/topology.md, "Names"). These are part
// of the user interface: people type them in `docker logs`, and renaming an
// object is a destroy + create for the engine, so they must never drift.
#include <string>

namespace infractl {

// Globals "{stack}-{service}"; project services "{project}-{service}".
std::string service_base_name(const std::string& stack, const std::string& project, const std::string& service,
                              bool global);
// "{base}-{n}" when numbered (replicated services, even at one replica), else "{base}".
std::string container_name(const std::string& base, bool numbered, int replica);
// "{stack}_{key}".
std::string network_engine_name(const std::string& stack, const std::string& key);
// Project volumes "{stack}_{project}_{key}", global volumes "{stack}_{key}".
std::string volume_engine_name(const std::string& stack, const std::string& project, const std::string& key,
                               bool global);
// What peers resolve on the network: a global by its key ("redis"), a
// project service by "{project}-{service}" so two projects' "postgres" never collide.
std::string network_alias(const std::string& project, const std::string& service, bool global);
// The image a `build:` makes: "infractl-build/{base}:{first 16 hex digits of
// the context hash}" (build/build_context.hpp), so an unchanged context keeps
// its tag and is not rebuilt; ":unhashed" before the input stage hashed it.
std::string build_tag(const std::string& base_name, const std::string& content_hash);
// Default env name for a managed endpoint: "celery-broker" -> "CELERY_BROKER_URL".
std::string default_managed_env(const std::string& service);

}  // namespace infractl
