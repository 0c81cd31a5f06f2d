// `infractl backup PROJECT SERVICE --to FILE|s3://BUCKET/KEY` and
// `infractl restore PROJECT SERVICE --from FILE|s3://BUCKET/KEY [--clean]`.
// The order is chosen so that every refusal comes before a byte is written:
// the target database and the destination (or the archive's magic and the
// database's census) are checked first, then the bytes stream through.
#include "infractl/app/backup.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include "infractl/app/backup_io.hpp"
#include "backup_target.hpp"
#include "infractl/app/session.hpp"
#include "infractl/backup/pg_commands.hpp"
#include "infractl/backup/s3_location.hpp"
#include "infractl/engine/s3_client.hpp"

namespace infractl {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Bytes and rate on one line of stderr, redrawn at most 4 times a second,
// only when stderr is a terminal (a log or a pipe gets the summary alone).
class Meter {
public:
    explicit Meter(std::string label) : label_(std::move(label)), on_(::isatty(STDERR_FILENO) != 0) {}
    void add(std::size_t n) {
        bytes_ += static_cast<double>(n);
        if (!on_ || Clock::now() - last_ < std::chrono::milliseconds(250)) return;
        last_ = Clock::now();
        std::fprintf(stderr, "\r\x1b[K%s: %s", label_.c_str(),
                     format_transfer(bytes_, seconds_since(t0_)).c_str());
        shown_ = true;
    }
    void end() {
        if (shown_) std::fprintf(stderr, "\r\x1b[K");
        shown_ = false;
    }
    ~Meter() { end(); }
    double bytes() const { return bytes_; }
    double seconds() const { return seconds_since(t0_); }

private:
    std::string label_;
    bool on_;
    bool shown_ = false;
    double bytes_ = 0;
    Clock::time_point t0_ = Clock::now();
    Clock::time_point last_ = Clock::now() - std::chrono::seconds(1);
};

struct S3Parts {
    std::optional<S3Location> loc;
    std::unique_ptr<S3Client> client;
};

S3Parts s3_for(Session& s, const std::string& target, const std::string& s3_service) {
    S3Parts p;
    p.loc = parse_s3_url(target);
    if (p.loc) p.client = std::make_unique<S3Client>(stack_s3_endpoint(s.desired(), s3_service));
    return p;
}

// The tool's stderr as it wrote it, then one line saying what failed.
Error tool_failed(const PgTool& tool, const std::string& what, int code, const std::string& after) {
    std::string err = tool.stderr_text();
    if (!err.empty()) {
        std::cerr << err;
        if (err.back() != '\n') std::cerr << '\n';
    }
    return Error(ErrorKind::refused, fmt::format("{} failed with exit code {}{}", what, code, after));
}

TableCensus census_of(DatabaseTarget& db) {
    PgTarget t = db.database();
    std::string out;
    auto tool = db.start({"psql", "--no-psqlrc", "--tuples-only", "--no-align", "--set=ON_ERROR_STOP=1",
                          "--username=" + t.user, "--dbname=" + t.database, "--command", kTableCensusSql},
                         false, [&](std::string_view c) { out.append(c); });
    int code = tool->finish();
    if (code != 0) throw tool_failed(*tool, "psql (the emptiness check) in " + db.where(), code, "");
    auto census = parse_table_census(out);
    if (!census)
        throw Error(ErrorKind::malformed_response,
                    fmt::format("the emptiness check in {} printed '{}'", db.where(), out));
    return *census;
}

}  // namespace

ExitCode run_backup(const GlobalOptions& g, const BackupCommandOptions& o) {
    Session s = Session::open(g);
    auto db = locate_database(s, o.project, o.service);
    S3Parts s3 = s3_for(s, o.to, o.s3_service);
    std::unique_ptr<BackupSink> sink;
    if (s3.loc) {
        s3.client->ensure_bucket(s3.loc->bucket);
        sink = s3_sink(*s3.client, *s3.loc, s3_part_size());
    } else {
        sink = file_sink(o.to);
    }

    PgTarget t = db->database();
    Meter meter("backup " + sink->describe());
    std::string head;
    auto tool = db->start(pg_dump_argv(t), false, [&](std::string_view chunk) {
        if (head.size() < kCustomArchiveMagic.size())
            head.append(chunk.substr(0, kCustomArchiveMagic.size()));
        meter.add(chunk.size());
        sink->write(chunk);
    });
    int code = tool->finish();
    meter.end();
    std::string nothing = fmt::format("; nothing was written to {}", sink->describe());
    if (code != 0) throw tool_failed(*tool, "pg_dump in " + db->where(), code, nothing);
    if (!is_custom_archive(head))
        throw Error(ErrorKind::malformed_response,
                    fmt::format("pg_dump in {} wrote no custom archive (it does not start with PGDMP){}",
                                db->where(), nothing));
    sink->commit();
    std::cout << fmt::format("backed up database '{}' of {} to {}: {} in {:.1f} s\n", t.database, db->where(),
                             sink->describe(), format_bytes(meter.bytes()), meter.seconds());
    return ExitCode::ok;
}

ExitCode run_restore(const GlobalOptions& g, const RestoreCommandOptions& o) {
    Session s = Session::open(g);
    S3Parts s3 = s3_for(s, o.from, o.s3_service);
    std::unique_ptr<RestoreSource> source = s3.loc ? s3_source(*s3.client, *s3.loc) : file_source(o.from);
    if (!is_custom_archive(source->prefix(kCustomArchiveMagic.size())))
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{} is not a pg_dump custom archive (it does not start with PGDMP)",
                                source->describe()),
                    "restore reads what `infractl backup` or `pg_dump --format=custom` wrote");
    auto db = locate_database(s, o.project, o.service);
    PgTarget t = db->database();
    RestoreMode mode = o.clean ? RestoreMode::clean : RestoreMode::refuse_non_empty;
    if (auto refusal = restore_refusal(db->where(), t.database, census_of(*db), mode))
        throw Error(ErrorKind::refused, *refusal, kRestoreRefusalHint);

    Meter meter("restore " + source->describe());
    auto tool = db->start(pg_restore_argv(t, mode), true, {});
    source->pump([&](std::string_view chunk) {
        meter.add(chunk.size());
        return tool->write(chunk);
    });
    int code = tool->finish();
    meter.end();
    if (code != 0)
        throw tool_failed(*tool, "pg_restore in " + db->where(), code,
                          "; it ran in one transaction, so the database is as it was");
    std::cout << fmt::format("restored {} into database '{}' of {}: {} in {:.1f} s\n", source->describe(),
                             t.database, db->where(), format_bytes(meter.bytes()), meter.seconds());
    return ExitCode::ok;
}

}  // namespace infractl
