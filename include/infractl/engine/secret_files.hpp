#pragma once
// The Docker backend's copies of secrets (docs/topology.md, "Secrets as
// files"): each is a file <root>/<stack>/<file_id>, bind-mounted read-only at
// /run/secrets/TARGET, on tmpfs so a secret never reaches a disk. The root is
// /run/infractl/secrets when /run is a tmpfs, else /dev/shm/infractl/secrets.
// The engine must run on this machine (it reads the files when it creates
// and starts the container).
//
// Every directory on the way is created 0700 and must be a real directory
// owned by this user with no group or other access (/dev/shm is world
// writable: a directory someone else made there is refused, not used).
#include <set>
#include <string>
#include <vector>

#include "infractl/resolve/desired_state.hpp"

namespace infractl {

// The root chosen as above. Throws Error(refused) when neither /run nor
// /dev/shm is a tmpfs.
std::string secret_files_root();

// "<root>/<stack>/<file_id>". Pure: the root is passed in.
std::string secret_file_path(const std::string& root, const std::string& stack, const std::string& file_id);
// When `source` (a bind mount's host path) is such a copy, its file_id; else "".
std::string secret_file_id_of(const std::string& source);

// Makes every secret's copy present with its content, uid:gid and mode
// (written to a temporary name and renamed, so a reader never sees half a
// file). Throws Error(refused) naming the secret, e.g. when the owner cannot
// be set because infractl does not run as root.
void write_secret_files(const std::string& root, const std::string& stack,
                        const std::vector<ContainerSpec::SecretMount>& secrets);

// Removes the files of `stack` whose path is not in `in_use`; returns how many.
int prune_secret_files(const std::string& root, const std::string& stack, const std::set<std::string>& in_use);

}  // namespace infractl
