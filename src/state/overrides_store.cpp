#include "infractl/state/overrides_store.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "infractl/core/error.hpp"
#include "infractl/state/state_dir.hpp"

namespace infractl {

namespace {

constexpr const char* kHint = "fix it, or delete it to forget every remembered scale";

Error write_error(const std::string& path, int err) {
    return Error(ErrorKind::invalid_input, fmt::format("cannot write {}: {}", path, std::strerror(err)));
}

void write_fully(int fd, const std::string& text, const std::string& path) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw write_error(path, errno);
        done += static_cast<std::size_t>(n);
    }
}

// Temp file + fsync + rename + fsync of the directory: the file is replaced
// whole or not at all.
void write_atomically(const std::string& dir, const std::string& path, const std::string& text) {
    std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw write_error(tmp, errno);
    try {
        write_fully(fd, text, tmp);
        if (::fsync(fd) != 0) throw write_error(tmp, errno);
    } catch (...) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        throw write_error(path, err);
    }
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

// A profile name as one file-name part: anything but [A-Za-z0-9_.-] -> '_'.
std::string file_part(const std::string& name) {
    std::string out = name.empty() ? "default" : name;
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') c = '_';
    return out;
}

Overrides parse(const std::string& path, const std::string& text) {
    Overrides out;
    try {
        auto doc = nlohmann::json::parse(text);
        if (doc.value("format_version", 0) != 1)
            throw Error(ErrorKind::invalid_input, fmt::format("{}: unsupported format_version", path), kHint);
        for (const auto& [key, v] : doc.at("overrides").items())
            out[key] = ReplicaOverride{v.at("replicas").get<int>(), v.at("base").get<int>()};
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorKind::invalid_input, fmt::format("cannot read {}: {}", path, e.what()), kHint);
    }
    return out;
}

}  // namespace

OverridesStore::OverridesStore(std::string state_dir, std::string stack, std::string profile)
    : dir_(std::move(state_dir)),
      stack_(std::move(stack)),
      profile_(std::move(profile)),
      path_(dir_ + "/" + stack_ + "." + file_part(profile_) + ".overrides.json") {}

Overrides OverridesStore::load() const {
    std::ifstream in(path_);
    if (!in) return {};
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(path_, ss.str());
}

void OverridesStore::save(const Overrides& overrides) const {
    if (overrides.empty()) {
        if (::unlink(path_.c_str()) != 0 && errno != ENOENT) throw write_error(path_, errno);
        return;
    }
    ensure_state_dir(dir_);
    nlohmann::ordered_json entries = nlohmann::ordered_json::object();
    for (const auto& [key, o] : overrides) entries[key] = {{"replicas", o.replicas}, {"base", o.base}};
    nlohmann::ordered_json doc = {
        {"format_version", 1}, {"stack", stack_}, {"profile", profile_}, {"overrides", entries}};
    write_atomically(dir_, path_, doc.dump(2) + "\n");
}

void OverridesStore::set(const std::string& key, const ReplicaOverride& value) const {
    Overrides all = load();
    all[key] = value;
    save(all);
}

bool OverridesStore::reset(const std::string& key) const {
    Overrides all = load();
    if (!all.erase(key)) return false;
    save(all);
    return true;
}

}  // namespace infractl
