#pragma once
// Where infractl keeps per-stack state (locks, remembered scale overrides).
// Documented in docs/cli.md ("State").
#include <optional>
#include <string>

namespace infractl {

// `configured` (from --state-dir / GlobalOptions) when set, else
// $INFRACTL_STATE_DIR, else $XDG_STATE_HOME/infractl, else
// $HOME/.local/state/infractl. Throws Error(invalid_input) when none is known.
std::string resolve_state_dir(const std::string& configured);

// mkdir -p with mode 0700 (state may name secrets' neighbours: keep it private).
// Throws Error(invalid_input) naming the path on failure.
void ensure_state_dir(const std::string& dir);

// "<dir>/<stack>.<profile>.<suffix>": the state of one stack under one
// profile (an empty profile is "default"; characters other than
// [A-Za-z0-9_.-] become '_').
std::string state_file_path(const std::string& dir, const std::string& stack, const std::string& profile,
                            const std::string& suffix);

// The file's bytes; nullopt when it does not exist or cannot be opened.
std::optional<std::string> read_state_file(const std::string& path);

// Creates `dir` if needed, then replaces `path` whole or not at all: a
// temporary file in the same directory, fsync, rename, fsync of the
// directory. Throws Error(invalid_input) naming the file on failure.
void write_state_file(const std::string& dir, const std::string& path, const std::string& text);

// Removes the file; a missing file is no error.
void remove_state_file(const std::string& path);

}  // namespace infractl
