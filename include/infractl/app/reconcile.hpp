#pragma once
// The engine-facing commands, one library function each. The CLI parses flags
// into these option structs and calls the function; the function returns an
// ExitCode or throws infractl::Error (turned into an exit code by main).
#include <string>
#include <utility>
#include <vector>

#include "infractl/app/inputs.hpp"
#include "infractl/core/error.hpp"
#include "infractl/core/units.hpp"

namespace infractl {

struct PlanCommandOptions {
    std::string project;          // --project: limit to one project and the globals it needs
    bool detailed_exitcode = false;  // 0 no changes, 2 changes, 1 error
    std::string out;  // --out FILE: also save the plan with its fingerprint (docs/history.md)
};

struct UpCommandOptions {
    std::string project;
    bool dry_run = false;
    int parallel = 8;
    bool wait = false;
    Duration wait_timeout{300'000'000'000};
    Duration lock_timeout{600'000'000'000};
    std::string pull;  // "" = per service; missing | always | never
    bool quiet = false;
    bool build = false;  // --build: rebuild every `build:` image in scope, even when its tag exists
    std::string plan_file;  // --plan FILE: apply this saved plan, refused when stale
};

struct DownCommandOptions {
    std::string project;
    bool volumes = false;
    bool all = false;
    bool dry_run = false;
    int parallel = 8;
    Duration lock_timeout{600'000'000'000};
    bool quiet = false;
};

struct ScaleCommandOptions {
    std::string project;
    // SERVICE=N or SERVICE=reset, as typed.
    std::vector<std::string> assignments;
    int parallel = 8;
    Duration lock_timeout{600'000'000'000};
    bool quiet = false;
};

ExitCode run_plan(const GlobalOptions& g, const PlanCommandOptions& o);
ExitCode run_up(const GlobalOptions& g, const UpCommandOptions& o);
ExitCode run_down(const GlobalOptions& g, const DownCommandOptions& o);
ExitCode run_status(const GlobalOptions& g);
ExitCode run_scale(const GlobalOptions& g, const ScaleCommandOptions& o);

}  // namespace infractl
