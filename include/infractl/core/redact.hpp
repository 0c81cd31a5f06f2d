#pragma once
// Hiding secrets in what infractl prints. Whether a value is secret is decided
// where it is read (topology/env_file.hpp: secret-looking names, env_file
// values); this is only how a secret looks once printed, plus the one secret
// that hides inside values that are not secret as a whole: the password of a
// URL ("postgresql://app:pw@db/app", a managed endpoint, a broker URL).
#include <string>
#include <string_view>

namespace infractl {

// What a masked value prints as, in text and in JSON.
inline constexpr const char* kSensitive = "(sensitive)";

// Every "scheme://user:password@host" in `text` with the password replaced by
// kSensitive ("postgresql://app:(sensitive)@db/app"); user names, hosts and
// everything else unchanged. Several URLs in one value (a list of brokers)
// are all masked. A URL without a password is returned as it is.
std::string mask_url_passwords(std::string_view text);

// True when mask_url_passwords would change `text`.
bool has_url_password(std::string_view text);

}  // namespace infractl
