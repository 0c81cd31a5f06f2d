#pragma once
// One compose service -> its topology mapping (compose_to_topology.cpp
// decides where it goes and writes the rest of the file).
#include <string>

#include "infractl/compose/compose_model.hpp"
#include "infractl/compose/compose_to_topology.hpp"
#include "infractl/compose/yaml_out.hpp"
#include "infractl/core/diagnostics.hpp"

namespace infractl::compose {

struct ServiceContext {
    const File& file;
    const ImportOptions& opts;
    std::string stack;
    bool global = true;  // services become globals (no --project)
    Diagnostics& diags;
};

YamlValue convert_service(const Service& s, const ServiceContext& ctx);

}  // namespace infractl::compose
