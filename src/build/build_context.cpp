#include "infractl/build/build_context.hpp"

#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "infractl/build/dockerignore.hpp"
#include "infractl/core/error.hpp"
#include "infractl/core/sha256.hpp"

namespace infractl {

namespace fs = std::filesystem;

namespace {

std::string read_small_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return {};
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Reads `p` in pieces, handing each to `sink`.
template <class Sink>
void read_pieces(const fs::path& p, Sink&& sink) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw Error(ErrorKind::invalid_input, fmt::format("cannot read '{}' of the build context", p.string()));
    std::string buf(64 * 1024, '\0');
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        if (in.gcount() > 0) sink(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) throw Error(ErrorKind::invalid_input, fmt::format("cannot read '{}' of the build context", p.string()));
}

ContextEntry entry_for(const fs::path& full, const std::string& rel) {
    struct stat st {};
    if (lstat(full.c_str(), &st) != 0)
        throw Error(ErrorKind::invalid_input, fmt::format("cannot read '{}' of the build context", full.string()));
    ContextEntry e;
    e.path = rel;
    e.mode = st.st_mode & 07777;
    e.mtime = st.st_mtime;
    if (S_ISDIR(st.st_mode)) e.type = ContextEntry::Type::dir;
    else if (S_ISLNK(st.st_mode)) {
        e.type = ContextEntry::Type::symlink;
        e.link_target = fs::read_symlink(full).string();
    } else {
        e.size = static_cast<std::uintmax_t>(st.st_size);
    }
    return e;
}

// Walks `dir` (relative path `rel`), adding what the ignore file keeps.
void walk(const fs::path& root, const std::string& rel, const DockerIgnore& ignore, const std::string& always1,
          const std::string& always2, std::vector<ContextEntry>& out) {
    std::error_code ec;
    fs::directory_iterator it(root / rel, ec), end;
    if (ec) throw Error(ErrorKind::invalid_input, fmt::format("cannot list '{}' of the build context: {}",
                                                              (root / rel).string(), ec.message()));
    for (; it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        std::string path = rel.empty() ? name : rel + "/" + name;
        bool keep = path == always1 || path == always2 || !ignore.excluded(path);
        ContextEntry e = entry_for(it->path(), path);
        if (e.type == ContextEntry::Type::dir) {
            if (keep) out.push_back(e);
            // An excluded folder is walked only when an exception may bring back something in it.
            if (keep || ignore.has_exceptions() || always1.rfind(path + "/", 0) == 0) walk(root, path, ignore, always1, always2, out);
        } else if (keep) {
            out.push_back(std::move(e));
        }
    }
}

}  // namespace

std::vector<ContextEntry> list_build_context(const BuildSpec& build) {
    fs::path root(build.context);
    DockerIgnore ignore = DockerIgnore::parse(read_small_file(root / ".dockerignore"));
    std::string dockerfile = fs::path(build.dockerfile).lexically_normal().generic_string();
    std::vector<ContextEntry> out;
    walk(root, "", ignore, dockerfile, ".dockerignore", out);
    std::sort(out.begin(), out.end(), [](const ContextEntry& a, const ContextEntry& b) { return a.path < b.path; });
    return out;
}

std::string build_context_hash(const BuildSpec& build, const std::vector<ContextEntry>& entries) {
    Sha256 h;
    h.update("infractl-build-v1\n");
    for (const auto& e : entries) {
        switch (e.type) {
            case ContextEntry::Type::dir: h.update(fmt::format("dir {} {:o}\n", e.path, e.mode)); break;
            case ContextEntry::Type::symlink: h.update(fmt::format("link {} -> {}\n", e.path, e.link_target)); break;
            case ContextEntry::Type::file: {
                Sha256 content;
                read_pieces(fs::path(build.context) / e.path, [&](std::string_view piece) { content.update(piece); });
                h.update(fmt::format("file {} {:o} {} {}\n", e.path, e.mode, e.size, content.hex()));
                break;
            }
        }
    }
    h.update(fmt::format("dockerfile {}\n", build.dockerfile));
    for (const auto& [k, v] : build.args) h.update(fmt::format("arg {}={}\n", k, v));
    h.update(fmt::format("target {}\n", build.target));
    return h.hex();
}

std::string build_context_tar(const BuildSpec& build, const std::vector<ContextEntry>& entries) {
    std::string out;
    std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(), &archive_write_free);
    auto fail = [&](const char* what) {
        throw Error(ErrorKind::internal, fmt::format("tar of the build context ({}): {}", what,
                                                     archive_error_string(a.get()) ? archive_error_string(a.get()) : "?"));
    };
    archive_write_set_format_pax_restricted(a.get());
    archive_write_set_bytes_in_last_block(a.get(), 1);
    auto on_write = [](struct archive*, void* self, const void* data, size_t n) -> la_ssize_t {
        static_cast<std::string*>(self)->append(static_cast<const char*>(data), n);
        return static_cast<la_ssize_t>(n);
    };
    if (archive_write_open(a.get(), &out, nullptr, on_write, nullptr) != ARCHIVE_OK) fail("open");
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> en(archive_entry_new(), &archive_entry_free);
    for (const auto& e : entries) {
        archive_entry_clear(en.get());
        archive_entry_set_pathname(en.get(), e.path.c_str());
        archive_entry_set_perm(en.get(), static_cast<mode_t>(e.mode));
        archive_entry_set_mtime(en.get(), e.mtime, 0);
        archive_entry_set_uid(en.get(), 0);
        archive_entry_set_gid(en.get(), 0);
        switch (e.type) {
            case ContextEntry::Type::dir: archive_entry_set_filetype(en.get(), AE_IFDIR); break;
            case ContextEntry::Type::symlink:
                archive_entry_set_filetype(en.get(), AE_IFLNK);
                archive_entry_set_symlink(en.get(), e.link_target.c_str());
                break;
            case ContextEntry::Type::file:
                archive_entry_set_filetype(en.get(), AE_IFREG);
                archive_entry_set_size(en.get(), static_cast<la_int64_t>(e.size));
                break;
        }
        if (archive_write_header(a.get(), en.get()) != ARCHIVE_OK) fail(e.path.c_str());
        if (e.type != ContextEntry::Type::file) continue;
        std::uintmax_t written = 0;
        read_pieces(fs::path(build.context) / e.path, [&](std::string_view piece) {
            // A file that grew since it was listed: send what the header announced.
            std::size_t n = static_cast<std::size_t>(std::min<std::uintmax_t>(piece.size(), e.size - written));
            if (n > 0 && archive_write_data(a.get(), piece.data(), n) < 0) fail(e.path.c_str());
            written += n;
        });
        if (written < e.size)
            throw Error(ErrorKind::invalid_input,
                        fmt::format("'{}' of the build context changed while it was being sent", e.path));
    }
    if (archive_write_close(a.get()) != ARCHIVE_OK) fail("close");
    return out;
}

void hash_build_contexts(Topology& topo, Diagnostics& diags) {
    auto hash = [&](Service& s) {
        // A disabled service is hashed too: a profile may enable it.
        if (!s.build) return;
        try {
            s.build->content_hash = build_context_hash(*s.build, list_build_context(*s.build));
        } catch (const Error& e) {
            if (s.enabled) diags.error(s.build->loc, e.what(), "check the files' permissions");
        }
    };
    for (auto& g : topo.globals) hash(g);
    for (auto& p : topo.projects)
        for (auto& s : p.services) hash(s);
}

}  // namespace infractl
