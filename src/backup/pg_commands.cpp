#include "infractl/backup/pg_commands.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <libpq-fe.h>

#include <charconv>
#include <memory>

#include "infractl/core/error.hpp"

namespace infractl {

namespace {

std::string env_value(const ContainerSpec& spec, const std::string& name, const std::string& fallback) {
    auto it = spec.environment.find(name);
    return it == spec.environment.end() || it->second.value.empty() ? fallback : it->second.value;
}

using ConninfoPtr = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

// libpq's own parser (URLs and key=value strings), so every form libpq
// accepts works and nothing here re-implements its rules.
ConninfoPtr parse_conninfo(const std::string& url) {
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
    if (opts == nullptr) {
        std::string why = err ? err : "out of memory";
        if (err) PQfreemem(err);
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
        throw Error(ErrorKind::invalid_input,
                    fmt::format("the managed endpoint is not a PostgreSQL URL: {}", why),
                    "write postgresql://USER:PASSWORD@HOST:PORT/DATABASE in the profile's managed endpoint");
    }
    return ConninfoPtr(opts, &PQconninfoFree);
}

}  // namespace

PgTarget pg_target_of(const ContainerSpec& spec) {
    std::string user = env_value(spec, "POSTGRES_USER", "postgres");
    return PgTarget{user, env_value(spec, "POSTGRES_DB", user)};
}

bool is_postgres_service(const DesiredService& s) {
    return s.spec.image.find("postgres") != std::string::npos;
}

bool is_postgres_url(std::string_view endpoint) {
    return endpoint.starts_with("postgresql://") || endpoint.starts_with("postgres://");
}

std::vector<std::string> pg_dump_argv(const PgTarget& t) {
    return {"pg_dump", "--format=custom", "--username=" + t.user, "--dbname=" + t.database};
}

std::vector<std::string> pg_restore_argv(const PgTarget& t, RestoreMode mode) {
    std::vector<std::string> argv = {"pg_restore",           "--username=" + t.user, "--dbname=" + t.database,
                                     "--single-transaction", "--no-owner",           "--no-privileges"};
    if (mode == RestoreMode::clean) {
        argv.emplace_back("--clean");
        argv.emplace_back("--if-exists");
    }
    return argv;
}

const char* const kTableCensusSql =
    "SELECT count(*) || '|' || coalesce(string_agg(name, ',' ORDER BY name) FILTER (WHERE n <= 3), '') "
    "FROM (SELECT quote_ident(ns.nspname) || '.' || quote_ident(c.relname) AS name, "
    "row_number() OVER (ORDER BY ns.nspname, c.relname) AS n "
    "FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p') AND ns.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND ns.nspname NOT LIKE 'pg\\_toast%' AND ns.nspname NOT LIKE 'pg\\_temp\\_%') AS t";

std::optional<TableCensus> parse_table_census(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    auto bar = text.find('|');
    if (bar == std::string_view::npos || bar == 0) return std::nullopt;
    TableCensus c;
    auto [end, ec] = std::from_chars(text.data(), text.data() + bar, c.tables);
    if (ec != std::errc() || end != text.data() + bar || c.tables < 0) return std::nullopt;
    std::string_view names = text.substr(bar + 1);
    while (!names.empty()) {
        auto comma = names.find(',');
        c.first.emplace_back(names.substr(0, comma));
        if (comma == std::string_view::npos) break;
        names.remove_prefix(comma + 1);
    }
    if (c.first.size() > 3 || (c.tables == 0) != c.first.empty()) return std::nullopt;
    return c;
}

const char* const kRestoreRefusalHint =
    "--clean drops and recreates what the archive holds first (pg_restore --clean --if-exists)";

std::optional<std::string> restore_refusal(const std::string& where, const std::string& database,
                                           const TableCensus& census, RestoreMode mode) {
    if (mode == RestoreMode::clean || census.tables == 0) return std::nullopt;
    std::string names = fmt::format("{}", fmt::join(census.first, ", "));
    if (census.tables > static_cast<long>(census.first.size())) names += ", ...";
    return fmt::format("refusing to restore into {}: database '{}' is not empty ({} {}: {})", where, database,
                       census.tables, census.tables == 1 ? "table" : "tables", names);
}

bool is_custom_archive(std::string_view first_bytes) { return first_bytes.starts_with(kCustomArchiveMagic); }

std::vector<std::pair<std::string, std::string>> managed_pg_environment(const std::string& url) {
    ConninfoPtr opts = parse_conninfo(url);
    std::vector<std::pair<std::string, std::string>> env;
    for (PQconninfoOption* o = opts.get(); o->keyword != nullptr; ++o) {
        if (o->val == nullptr || o->envvar == nullptr || *o->val == '\0') continue;
        env.emplace_back(o->envvar, o->val);
    }
    return env;
}

PgTarget managed_pg_target(const std::string& url) {
    ConninfoPtr opts = parse_conninfo(url);
    std::string user = "postgres", db;
    for (PQconninfoOption* o = opts.get(); o->keyword != nullptr; ++o) {
        if (o->val == nullptr || *o->val == '\0') continue;
        if (std::string_view(o->keyword) == "user") user = o->val;
        if (std::string_view(o->keyword) == "dbname") db = o->val;
    }
    return PgTarget{user, db.empty() ? user : db};
}

std::string format_bytes(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024.0 && u < 4) {
        bytes /= 1024.0;
        ++u;
    }
    return u == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.1f} {}", bytes, units[u]);
}

std::string format_transfer(double bytes, double seconds) {
    if (seconds <= 0.0) return format_bytes(bytes);
    return fmt::format("{}, {}/s", format_bytes(bytes), format_bytes(bytes / seconds));
}

}  // namespace infractl
