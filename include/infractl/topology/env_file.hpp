#pragma once
// env_file reading and the rule that decides which environment values are
// secret (masked in plans, renders and logs unless --show-secrets).
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace infractl {

// True when a variable name looks secret: it contains PASSWORD, PASSWD,
// SECRET, TOKEN, CREDENTIAL or PRIVATE, or has KEY as a '_'-separated part
// (API_KEY, KEY, SSH_KEY_FILE; not KEYCLOAK_URL). Case-insensitive.
bool is_secret_env_name(std::string_view name);

struct EnvFileEntry {
    std::string key;
    std::string value;
    int line = 0;  // 1-based, in the env file
};

struct EnvFileProblem {
    int line = 0;  // 0 = the file itself could not be read
    std::string message;
};

// Lines "KEY=VALUE"; blank lines and lines starting with '#' are skipped; an
// optional "export " prefix is dropped; a value wholly in matching single or
// double quotes loses them. No interpolation: values are taken literally.
// Returns the entries, or the first problem found.
std::variant<std::vector<EnvFileEntry>, EnvFileProblem> read_env_file(const std::string& path);

}  // namespace infractl
