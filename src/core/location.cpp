#include "infractl/core/location.hpp"

#include <fmt/format.h>

namespace infractl {

std::string Location::str() const {
    if (!known()) return file;
    return fmt::format("{}:{}:{}", file, line, column);
}

}  // namespace infractl
