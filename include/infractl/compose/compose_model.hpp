#pragma once
// A compose file (version 2, 3 or the compose spec) as far as infractl reads
// it: the keys that map onto a topology, kept as written. Values stay
// uninterpolated (`${VAR}` is copied into the topology, where infractl
// interpolates it at load time), so most fields are located strings; the
// parser has already checked the YAML kinds (string, list, mapping) and
// warned about every key infractl cannot express.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "infractl/core/location.hpp"

namespace infractl::compose {

// A scalar as written, with where it was.
struct Text {
    std::string value;
    Location loc;
};

// `command`/`entrypoint`: a string (split like a shell) or a list.
struct Command {
    bool is_list = false;
    std::vector<std::string> words;  // one element when !is_list
    Location loc;
};

struct EnvEntry {
    std::optional<std::string> value;  // nullopt: `KEY` alone, the caller's value passes through
    Location loc;
};

// One mount, in the topology's short form parts. A bind source is absolute
// (resolved against the compose file's folder) unless it holds a variable.
struct VolumeMount {
    bool bind = false;
    std::string source;
    std::string target;
    bool read_only = false;
    Location loc;
};

struct Dependency {
    std::string service;
    std::string condition = "service_started";
    Location loc;
};

struct Healthcheck {
    std::optional<Command> test;  // string form = CMD-SHELL
    std::optional<Text> interval, timeout, start_period, retries, disable;
    Location loc;
};

struct Resources {
    std::optional<Text> cpu_limit, memory_limit, cpu_reservation, memory_reservation;
};

struct Extends {
    std::string file;  // "" = the same file
    std::string service;
    Location loc;
};

struct Service {
    std::string name;
    Location loc;  // of the key
    std::optional<Text> image;
    std::optional<Text> build_context;  // present when `build:` is
    std::optional<Command> command, entrypoint;
    std::map<std::string, EnvEntry> environment;
    std::vector<Text> env_files;  // absolute, or as written when they hold a variable
    std::map<std::string, Text> labels;
    std::vector<Text> ports;      // topology short form: "[ip:]host:container[/proto]"
    std::vector<VolumeMount> volumes;
    std::optional<std::vector<Text>> networks;  // nullopt: compose's `default` network
    std::vector<Dependency> depends_on;
    std::optional<Healthcheck> healthcheck;
    std::optional<Text> restart, replicas, stop_signal, stop_grace_period, user, working_dir, pull_policy;
    Resources resources;
    std::vector<std::string> profiles;
    std::optional<Extends> extends;
};

struct NetworkDecl {
    std::string name;
    std::optional<Text> internal, driver;
    Location loc;
};

struct VolumeDecl {
    std::string name;
    Location loc;
};

struct File {
    std::string path;
    std::vector<std::string> sources;  // every file merged into this one, in order, as given
    std::string dir;  // absolute folder of the file: relative paths in it start here
    std::optional<Text> name;  // top-level `name:` (the compose project name)
    std::vector<Service> services;  // in file order
    std::vector<NetworkDecl> networks;
    std::vector<VolumeDecl> volumes;

    Service* find(const std::string& service);
    const Service* find(const std::string& service) const;
};

}  // namespace infractl::compose
