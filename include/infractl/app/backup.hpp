#pragma once
// `backup` and `restore` (docs/cli.md; docs/stateful.md, "Backups and
// restore"): pg_dump / pg_restore of a PostgreSQL service, run inside its
// running container through the engine's exec, or on this host against the
// endpoint when the profile makes the database managed. Like every command:
// options in, ExitCode out or infractl::Error thrown.
#include <string>

#include "infractl/app/inputs.hpp"
#include "infractl/backup/s3_store.hpp"
#include "infractl/core/error.hpp"

namespace infractl {

struct BackupCommandOptions {
    std::string project;  // "global" for the globals
    std::string service;
    std::string to;  // a file path or s3://BUCKET/KEY
    std::string s3_service = kDefaultS3Service;
};

struct RestoreCommandOptions {
    std::string project;
    std::string service;
    std::string from;    // a file path or s3://BUCKET/KEY
    bool clean = false;  // --clean: restore over a non-empty database
    std::string s3_service = kDefaultS3Service;
};

ExitCode run_backup(const GlobalOptions& g, const BackupCommandOptions& o);
ExitCode run_restore(const GlobalOptions& g, const RestoreCommandOptions& o);

}  // namespace infractl
