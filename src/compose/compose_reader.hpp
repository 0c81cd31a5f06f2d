#pragma once
// Located, kind-checked access to a compose file's YAML tree (the project's
// libyaml reader, src/topology/yaml_document.hpp). Unlike the topology's
// Reader, scalars are never interpolated: `${VAR}` is kept for the topology.
// Every problem is reported at its node and parsing goes on, so one run shows
// every unsupported key and every error.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../topology/yaml_document.hpp"
#include "infractl/compose/compose_model.hpp"
#include "infractl/compose/compose_parser.hpp"
#include "infractl/core/diagnostics.hpp"

namespace infractl::compose {

using yaml::Node;

class Reader {
public:
    Reader(std::string file, std::string dir, Unsupported mode, Diagnostics& diags)
        : file_(std::move(file)), dir_(std::move(dir)), mode_(mode), diags_(diags) {}

    const std::string& file() const { return file_; }
    const std::string& dir() const { return dir_; }
    Location loc(const Node& n) const { return Location{file_, n.line, n.column}; }

    void error(const Node& at, std::string message, std::string hint = {});
    void type_error(const Node& at, std::string_view expected, std::string_view what);
    // "compose key 'x' is not supported (hint: ...)": a warning, an error under --strict.
    void unsupported(const Node& at, std::string_view key, std::string hint);
    // The same for a value of a supported key ("compose port range '8000-8001' is not supported").
    void unsupported_value(const Node& at, std::string message, std::string hint);

    bool mapping(const Node& n, std::string_view what);  // a mapping or null
    bool sequence(const Node& n, std::string_view what);  // a list or null
    // A scalar as written; numbers and booleans are scalars too.
    std::optional<Text> text(const Node& n, std::string_view what);
    // One string, or a list of strings.
    std::optional<std::vector<Text>> strings(const Node& n, std::string_view what);
    std::optional<Command> command(const Node& n, std::string_view what);

    // Reads a mapping with a table of known keys; a key outside the table
    // is unsupported, named prefix + key, with the hint of hint_prefix + key
    // (hint_prefix defaults to prefix: "networks.*." names a hint for every
    // network). "x-" keys are extension fields and ignored, as compose does.
    struct Field {
        std::string_view key;
        std::function<void(const Node& key, const Node& value)> read;
    };
    void fields(const Node& map, std::string_view prefix, const std::vector<Field>& table,
                std::string_view hint_prefix = {});

private:
    std::string file_, dir_;
    Unsupported mode_;
    Diagnostics& diags_;
};

// The hint for a compose key infractl cannot express, by its path
// ("container_name", "deploy.placement", "networks.*.external").
std::string unsupported_hint(std::string_view path);

// Absolute form of a path written in the file (relative to its folder);
// kept as written when it holds a variable or starts with '~'.
std::string resolve_path(const Reader& r, const std::string& path);

// Service-level readers (compose_service_parser.cpp, compose_lists.cpp).
Service read_service(Reader& r, const Node& key, const Node& value);
void read_environment(Reader& r, const Node& n, Service& s);
void read_labels(Reader& r, const Node& n, Service& s);
void read_ports(Reader& r, const Node& n, Service& s);
void read_volumes(Reader& r, const Node& n, Service& s);
void read_service_networks(Reader& r, const Node& n, Service& s);
void read_depends_on(Reader& r, const Node& n, Service& s);

}  // namespace infractl::compose
