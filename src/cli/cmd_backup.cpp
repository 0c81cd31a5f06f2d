#include "infractl/app/backup.hpp"
#include "infractl/cli/command.hpp"

namespace infractl::cli {

Runner setup_backup(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<BackupCommandOptions>();
    sub.add_option("project", opts->project, "Project ('global' for the globals)")->required();
    sub.add_option("service", opts->service, "PostgreSQL service of the project")->required();
    sub.add_option("--to", opts->to, "FILE (written atomically) or s3://BUCKET/KEY in the stack's S3 store")
        ->required();
    sub.add_option("--s3-service", opts->s3_service, "The global service that is the stack's S3 store")
        ->default_str(kDefaultS3Service);
    return [&g, opts] { return run_backup(g, *opts); };
}

Runner setup_restore(CLI::App& sub, GlobalOptions& g) {
    auto opts = std::make_shared<RestoreCommandOptions>();
    sub.add_option("project", opts->project, "Project ('global' for the globals)")->required();
    sub.add_option("service", opts->service, "PostgreSQL service of the project")->required();
    sub.add_option("--from", opts->from, "FILE or s3://BUCKET/KEY: a pg_dump custom archive")->required();
    sub.add_flag("--clean", opts->clean,
                 "Restore over a non-empty database (pg_restore --clean --if-exists)");
    sub.add_option("--s3-service", opts->s3_service, "The global service that is the stack's S3 store")
        ->default_str(kDefaultS3Service);
    return [&g, opts] { return run_restore(g, *opts); };
}

}  // namespace infractl::cli
