#pragma once
// Reading one service mapping (a global or a project service) into a Service.
// Split in two files: service_parser.cpp has the key table and scalar keys,
// service_lists.cpp the list-shaped keys (ports, volumes, environment, ...).
#include <optional>
#include <string>
#include <vector>

#include "infractl/topology/topology.hpp"
#include "reader.hpp"

namespace infractl::yaml {

// `display` names the service in messages: "redis" or "turfoo/postgres".
Service read_service(Reader& r, const Node& key, const Node& value, const std::string& display);

void read_environment(Reader& r, const Node& n, std::map<std::string, EnvValue>& env);
void read_env_files(Reader& r, const Node& n, Service& s);
void read_labels(Reader& r, const Node& n, Service& s);
void read_ports(Reader& r, const Node& n, Service& s);
void read_volumes(Reader& r, const Node& n, Service& s);
void read_depends_on(Reader& r, const Node& n, Service& s);
// A network list (service or profile patch): names as written.
std::optional<std::vector<std::string>> read_network_list(Reader& r, const Node& n);
void read_resources(Reader& r, const Node& n, Resources& res, const std::string& display);
std::optional<PullPolicy> read_pull_policy(Reader& r, const Node& n);
// `build:` as compose writes it: a context path, or {context, dockerfile, args, target}.
std::optional<BuildSpec> read_build(Reader& r, const Node& n);
std::optional<Autoscale> read_autoscale(Reader& r, const Node& n, const std::string& display);

// "a b 'c d'" -> {"a", "b", "c d"}: quotes and backslashes, no expansion.
// Returns nullopt on an unterminated quote.
std::optional<std::vector<std::string>> split_command(const std::string& text);

}  // namespace infractl::yaml
