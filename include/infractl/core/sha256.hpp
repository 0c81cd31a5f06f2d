#pragma once
// Hex sha256 of bytes (OpenSSL's EVP). Used by the config hash and by the
// fingerprints of saved plans (plan/saved_plan.hpp).
#include <string>
#include <string_view>

namespace infractl {

// 64 lowercase hex digits. Throws Error(internal) if OpenSSL fails.
std::string sha256_hex(std::string_view bytes);

}  // namespace infractl
