#pragma once
// Where infractl keeps per-stack state (locks, remembered scale overrides).
// Documented in docs/cli.md ("State").
#include <string>

namespace infractl {

// `configured` (from --state-dir / GlobalOptions) when set, else
// $INFRACTL_STATE_DIR, else $XDG_STATE_HOME/infractl, else
// $HOME/.local/state/infractl. Throws Error(invalid_input) when none is known.
std::string resolve_state_dir(const std::string& configured);

// mkdir -p with mode 0700 (state may name secrets' neighbours: keep it private).
// Throws Error(invalid_input) naming the path on failure.
void ensure_state_dir(const std::string& dir);

// "<dir>/<stack>.<profile>.<suffix>": one file per stack and profile (the
// profile as a file-name part: anything but [A-Za-z0-9_.-] becomes '_', an
// empty one is "default").
std::string stack_state_path(const std::string& dir, const std::string& stack, const std::string& profile,
                             const std::string& suffix);

}  // namespace infractl
