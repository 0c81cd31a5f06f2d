// The major-version guard (docs/stateful.md): a PostgreSQL server refuses a
// data directory of another major, and the only way across is a dump and a
// restore. So a plan that would start a primary's new image on such a volume
// is refused whole before anything changes. The PG_VERSION read is observe's
// (engine/pg_version_probe.cpp); this only compares.
#include <fmt/format.h>

#include <cctype>

#include "diff_context.hpp"
#include "infractl/resolve/read_replicas.hpp"

namespace infractl::diff_detail {

namespace {

std::optional<int> leading_number(const std::string& text) {
    std::size_t n = 0;
    while (n < text.size() && n < 4 && std::isdigit(static_cast<unsigned char>(text[n]))) ++n;
    if (n == 0) return std::nullopt;
    return std::stoi(text.substr(0, n));
}

}  // namespace

std::optional<Conflict> pg_major_conflict(const PgDataVolume& v, const std::string& pg_version) {
    auto have = leading_number(pg_version);
    if (!have || *have == v.major) return std::nullopt;
    std::string svc = v.service.str();
    return Conflict{
        "volume", v.volume,
        fmt::format("{}: volume {} holds PostgreSQL {} data (PG_VERSION {}), but image '{}' runs PostgreSQL {}; "
                    "nothing was changed",
                    svc, v.volume, *have, pg_version, v.image, v.major),
        fmt::format("a major version change needs a dump and a restore: keep the PostgreSQL {} image, "
                    "`pg_dump -Fc -f db.dump` from it, then start PostgreSQL {} on a new volume and "
                    "`pg_restore -d DB db.dump` (docs/stateful.md)",
                    *have, v.major)};
}

void diff_pg_major(DiffContext& cx) {
    for (const auto& v : pg_data_volumes(cx.desired)) {
        if (!cx.in_scope.count(v.service)) continue;
        auto it = cx.observed.pg_versions.find(v.volume);
        if (it == cx.observed.pg_versions.end()) continue;
        if (auto c = pg_major_conflict(v, it->second)) cx.plan.conflicts.push_back(std::move(*c));
    }
}

}  // namespace infractl::diff_detail
