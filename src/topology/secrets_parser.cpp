#include "secrets_parser.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace infractl::yaml {

namespace {

namespace fs = std::filesystem;

void read_secret_file(Reader& r, const Node& at, Secret& s) {
    fs::path full(s.file);
    if (full.is_relative()) full = fs::path(r.base_dir()) / full;
    std::string hint = fmt::format("paths are relative to {}", r.base_dir());
    std::error_code ec;
    if (fs::is_directory(full, ec)) {
        r.error(at, fmt::format("cannot read the file of secret '{}': '{}' is a directory", s.name, s.file), hint);
        return;
    }
    std::ifstream in(full, std::ios::binary);
    if (!in) {
        r.error(at, fmt::format("cannot read the file of secret '{}': '{}': {}", s.name, s.file, std::strerror(errno)),
                hint);
        return;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    s.content = buf.str();
    if (s.content.size() > kMaxSecretBytes)
        r.error(at, fmt::format("the file of secret '{}' is larger than {} KiB", s.name, kMaxSecretBytes / 1024));
}

void read_secret_variable(Reader& r, const Node& at, Secret& s) {
    if (auto v = r.env()(s.variable)) {
        s.content = *v;
        return;
    }
    r.error(at, fmt::format("secret '{}': variable '{}' is not set", s.name, s.variable),
            fmt::format("export it, or set it in {}/infractl.env", r.base_dir()));
}

void read_secret(Reader& r, const Node& key, const Node& value, Topology& t) {
    Secret s;
    s.name = key.value;
    s.loc = r.loc(key);
    r.check_name(key, "secret");
    if (!r.mapping(value, key.value)) return;
    const Node* source = nullptr;
    r.fields(value, fmt::format("in secret '{}'", key.value), {
        {"file", [&](const Node&, const Node& v) { if (auto f = r.text(v, "file")) { s.file = *f; source = &v; } }},
        {"environment", [&](const Node&, const Node& v) {
             if (auto e = r.text(v, "environment")) { s.variable = *e; source = &v; }
         }},
    });
    if (!s.file.empty() && !s.variable.empty())
        r.error(value, fmt::format("secret '{}' has both 'file' and 'environment'", s.name), "keep one source");
    else if (source == nullptr)
        r.error(value, fmt::format("secret '{}' has no source", s.name),
                "add 'file: PATH' or 'environment: VARIABLE'");
    else if (!s.file.empty())
        read_secret_file(r, *source, s);
    else
        read_secret_variable(r, *source, s);
    t.secrets.push_back(std::move(s));
}

// "0400" and "0o400" are octal (as YAML 1.1 and compose read them), "256" decimal.
std::optional<int> read_mode(Reader& r, const Node& n) {
    auto t = r.text(n, "mode");
    if (!t) return std::nullopt;
    std::string digits = *t;
    int base = 10;
    if (digits.rfind("0o", 0) == 0) digits = digits.substr(2), base = 8;
    else if (digits.size() > 1 && digits[0] == '0') base = 8;
    std::size_t used = 0;
    long v = -1;
    try {
        v = std::stol(digits, &used, base);
    } catch (const std::exception&) {
        used = 0;
    }
    if (digits.empty() || used != digits.size() || v < 0 || v > 0777) {
        r.error(n, fmt::format("invalid secret mode '{}'", *t), "an octal file mode such as 0400 or 0440");
        return std::nullopt;
    }
    return static_cast<int>(v);
}

std::optional<int> read_id(Reader& r, const Node& n, std::string_view what) {
    auto v = r.integer(n, what);
    if (!v) return std::nullopt;
    if (*v < 0) {
        r.error(n, fmt::format("{} must be 0 or more, got {}", what, *v), "a numeric id: the container has no user names here");
        return std::nullopt;
    }
    return static_cast<int>(*v);
}

bool valid_target(const std::string& t) {
    if (t.empty() || t == "." || t == ".." || t.size() > 255) return false;
    for (char c : t)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') return false;
    return true;
}

void read_use(Reader& r, const Node& n, Service& s) {
    SecretUse use;
    use.loc = r.loc(n);
    const Node* target_node = &n;
    if (n.is_scalar()) {
        if (auto t = r.text(n, "secret")) use.source = *t;
    } else if (r.mapping(n, "secret")) {
        r.fields(n, fmt::format("in a secret of service '{}'", s.name), {
            {"source", [&](const Node&, const Node& v) { if (auto t = r.text(v, "source")) use.source = *t; }},
            {"target", [&](const Node&, const Node& v) {
                 if (auto t = r.text(v, "target")) use.target = *t;
                 target_node = &v;
             }},
            {"uid", [&](const Node&, const Node& v) { if (auto id = read_id(r, v, "uid")) use.uid = *id; }},
            {"gid", [&](const Node&, const Node& v) { if (auto id = read_id(r, v, "gid")) use.gid = *id; }},
            {"mode", [&](const Node&, const Node& v) { if (auto m = read_mode(r, v)) use.mode = *m; }},
        });
        if (use.source.empty()) r.error(n, "a secret needs 'source'", "the name of a secret in the top-level 'secrets:'");
    } else {
        return;
    }
    if (use.target.empty()) use.target = use.source;
    if (!use.source.empty() && !valid_target(use.target))
        r.error(*target_node, fmt::format("invalid secret target '{}'", use.target),
                "a file name under /run/secrets: letters, digits, '.', '_' and '-'");
    s.secrets.push_back(std::move(use));
}

}  // namespace

void read_secrets(Reader& r, const Node& map, Topology& t) {
    if (!r.mapping(map, "secrets")) return;
    for (const auto& [k, v] : map.entries) read_secret(r, *k, *v, t);
}

void read_service_secrets(Reader& r, const Node& list, Service& s) {
    if (!r.sequence(list, "secrets")) return;
    for (const auto& item : list.items) read_use(r, *item, s);
}

}  // namespace infractl::yaml
