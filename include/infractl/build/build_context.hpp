#pragma once
// A service's build context (`build:`, docs/topology.md): the files sent to
// the engine's POST /build, as Docker's CLI picks them (.dockerignore with
// its exceptions; the Dockerfile and .dockerignore are always sent), their
// content hash, which names the image (build_tag), and the tar stream.
//
// The hash covers what makes a different image: every sent path with its
// type, permission bits, and content (or link target), plus the Dockerfile
// path, the build args and the target; not modification times, so a fresh
// checkout of the same files is not rebuilt. It starts with a version line,
// like the config hash: changing the form changes every tag.
#include <cstdint>
#include <string>
#include <vector>

#include "infractl/core/diagnostics.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

struct ContextEntry {
    enum class Type { file, dir, symlink };
    std::string path;  // relative to the context, '/'-separated
    Type type = Type::file;
    unsigned mode = 0644;  // permission bits
    std::uintmax_t size = 0;
    std::string link_target;
    std::int64_t mtime = 0;  // seconds; sent in the tar, not hashed
};

// Sorted by path. Throws Error(invalid_input) naming the file that cannot be read.
std::vector<ContextEntry> list_build_context(const BuildSpec& build);
std::string build_context_hash(const BuildSpec& build, const std::vector<ContextEntry>& entries);
// An uncompressed tar of the entries (uid/gid 0, as the docker CLI sends).
std::string build_context_tar(const BuildSpec& build, const std::vector<ContextEntry>& entries);

// Fills content_hash of every enabled service's `build:`; a context that
// cannot be read is an error located at its `build:`.
void hash_build_contexts(Topology& topo, Diagnostics& diags);

}  // namespace infractl
