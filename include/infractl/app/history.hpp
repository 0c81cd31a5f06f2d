#pragma once
// `infractl history` and `infractl rollback` (docs/history.md).
#include <optional>

#include "infractl/app/inputs.hpp"
#include "infractl/core/error.hpp"
#include "infractl/core/units.hpp"

namespace infractl {

struct RollbackCommandOptions {
    std::optional<int> to;  // --to N: the entry's number; none = the entry before the latest
    bool dry_run = false;
    int parallel = 8;
    bool wait = false;
    Duration wait_timeout{300'000'000'000};
    Duration lock_timeout{600'000'000'000};
    bool quiet = false;
};

// Read-only: lists the entries of this stack and profile, oldest first.
ExitCode run_history(const GlobalOptions& g);
// Builds the entry's desired state with images pinned by id, shows the plan
// and (unless --dry-run) applies it through the one apply path, under the
// stack lock; records itself in the history. Never removes a volume.
ExitCode run_rollback(const GlobalOptions& g, const RollbackCommandOptions& o);

}  // namespace infractl
