#include "infractl/topology/env_file.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace infractl {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool valid_env_name(std::string_view k) {
    if (k.empty() || std::isdigit(static_cast<unsigned char>(k[0]))) return false;
    for (char c : k)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return false;
    return true;
}

constexpr std::size_t kMaxEnvFileBytes = 1u << 20;

}  // namespace

bool is_secret_env_name(std::string_view name) {
    std::string u = upper(name);
    for (const char* word : {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "PRIVATE"})
        if (u.find(word) != std::string::npos) return true;
    std::size_t start = 0;
    while (start <= u.size()) {
        std::size_t end = u.find('_', start);
        if (end == std::string::npos) end = u.size();
        if (u.compare(start, end - start, "KEY") == 0 && end - start == 3) return true;
        start = end + 1;
    }
    return false;
}

std::variant<std::vector<EnvFileEntry>, EnvFileProblem> read_env_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return EnvFileProblem{0, "is a directory"};
    std::ifstream in(path, std::ios::binary);
    if (!in) return EnvFileProblem{0, std::strerror(errno)};
    std::ostringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    if (text.size() > kMaxEnvFileBytes) return EnvFileProblem{0, "file too large"};
    std::vector<EnvFileEntry> out;
    std::istringstream lines(text);
    std::string raw;
    for (int n = 1; std::getline(lines, raw); ++n) {
        std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        if (line.rfind("export ", 0) == 0) line = trim(line.substr(7));
        std::size_t eq = line.find('=');
        std::string_view key = eq == std::string_view::npos ? line : trim(line.substr(0, eq));
        if (eq == std::string_view::npos || !valid_env_name(key))
            return EnvFileProblem{n, "expected KEY=VALUE"};
        std::string_view value = trim(line.substr(eq + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        out.push_back({std::string(key), std::string(value), n});
    }
    return out;
}

}  // namespace infractl
