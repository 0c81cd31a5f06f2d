#include "infractl/backup/pg_commands.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "support/desired_builders.hpp"
#include "support/error_text.hpp"

using namespace infractl;
using infractl::test::error_text;
using Strings = std::vector<std::string>;

TEST_CASE("the database of a service: POSTGRES_USER and POSTGRES_DB with the image's defaults", "[backup]") {
    ContainerSpec spec;
    CHECK(pg_target_of(spec) == PgTarget{"postgres", "postgres"});
    spec.environment["POSTGRES_USER"] = EnvValue{"turfoo", false, {}};
    CHECK(pg_target_of(spec) == PgTarget{"turfoo", "turfoo"});
    spec.environment["POSTGRES_DB"] = EnvValue{"turfoo_db", false, {}};
    spec.environment["POSTGRES_PASSWORD"] = EnvValue{"pw", true, {}};
    CHECK(pg_target_of(spec) == PgTarget{"turfoo", "turfoo_db"});

    CHECK(is_postgres_service(plan_fixtures::service("p", "db", "infractl-local/postgres:15-r2", 1, false)));
    CHECK(is_postgres_service(plan_fixtures::service("p", "db", "postgres:16", 1, false)));
    CHECK_FALSE(is_postgres_service(plan_fixtures::service("p", "w", "turfoo:latest", 1, true)));
    CHECK(is_postgres_url("postgresql://u:p@h/db"));
    CHECK(is_postgres_url("postgres://h"));
    CHECK_FALSE(is_postgres_url("redis://cache:6379/0"));
}

TEST_CASE("pg_dump and pg_restore command lines carry no password", "[backup]") {
    PgTarget t{"turfoo", "turfoo_db"};
    CHECK(pg_dump_argv(t) ==
          Strings{"pg_dump", "--format=custom", "--username=turfoo", "--dbname=turfoo_db"});
    CHECK(pg_restore_argv(t, RestoreMode::refuse_non_empty) ==
          Strings{"pg_restore", "--username=turfoo", "--dbname=turfoo_db", "--single-transaction",
                  "--no-owner", "--no-privileges"});
    CHECK(pg_restore_argv(t, RestoreMode::clean) ==
          Strings{"pg_restore", "--username=turfoo", "--dbname=turfoo_db", "--single-transaction",
                  "--no-owner", "--no-privileges", "--clean", "--if-exists"});
}

TEST_CASE("the table census and the refusal of a non-empty database", "[backup]") {
    CHECK(parse_table_census("0|\n") == TableCensus{0, {}});
    CHECK(parse_table_census("5|public.a,public.b,s.c\n") == TableCensus{5, {"public.a", "public.b", "s.c"}});
    CHECK(parse_table_census("1|public.t") == TableCensus{1, {"public.t"}});
    for (const char* bad : {"", "|", "x|", "-1|", "0|public.t", "2|", "4|a,b,c,d", "psql: error"}) {
        INFO(bad);
        CHECK_FALSE(parse_table_census(bad));
    }

    TableCensus empty{0, {}}, one{1, {"public.t"}}, many{5, {"public.a", "public.b", "public.c"}};
    CHECK_FALSE(restore_refusal("b/postgres#1", "db", empty, RestoreMode::refuse_non_empty));
    CHECK_FALSE(restore_refusal("b/postgres#1", "db", many, RestoreMode::clean));
    CHECK(
        restore_refusal("b/postgres#1 (b-postgres)", "db", one, RestoreMode::refuse_non_empty) ==
        "refusing to restore into b/postgres#1 (b-postgres): database 'db' is not empty (1 table: public.t)");
    CHECK(restore_refusal("b/postgres#1", "db", many, RestoreMode::refuse_non_empty) ==
          "refusing to restore into b/postgres#1: database 'db' is not empty (5 tables: public.a, public.b, "
          "public.c, ...)");
    CHECK(std::string(kTableCensusSql).find("pg_catalog") != std::string::npos);
}

TEST_CASE("custom archives start with PGDMP", "[backup]") {
    CHECK(is_custom_archive("PGDMP\x01\x0e"));
    CHECK(is_custom_archive("PGDMP"));
    CHECK_FALSE(is_custom_archive("PGDM"));
    CHECK_FALSE(is_custom_archive("--\n-- PostgreSQL database dump\n"));
    CHECK_FALSE(is_custom_archive(""));
}

TEST_CASE("a managed URL becomes libpq's environment, the password included, never argv", "[backup]") {
    auto env = managed_pg_environment("postgresql://app:s%40cret@db.internal:6543/orders?sslmode=require");
    std::sort(env.begin(), env.end());
    CHECK(env == std::vector<std::pair<std::string, std::string>>{{"PGDATABASE", "orders"},
                                                                  {"PGHOST", "db.internal"},
                                                                  {"PGPASSWORD", "s@cret"},
                                                                  {"PGPORT", "6543"},
                                                                  {"PGSSLMODE", "require"},
                                                                  {"PGUSER", "app"}});
    CHECK(managed_pg_target("postgresql://app:x@db.internal/orders") == PgTarget{"app", "orders"});
    CHECK(managed_pg_target("postgresql://app@db.internal") == PgTarget{"app", "app"});
    CHECK(managed_pg_target("postgresql://db.internal") == PgTarget{"postgres", "postgres"});
    CHECK(error_text([] { managed_pg_environment("postgresql://h/db?nosuch=1"); })
              .starts_with(
                  "the managed endpoint is not a PostgreSQL URL: invalid URI query parameter: \"nosuch\""));
}

TEST_CASE("byte counts and rates", "[backup]") {
    CHECK(format_bytes(512) == "512 B");
    CHECK(format_bytes(1536) == "1.5 KiB");
    CHECK(format_bytes(12.5 * 1024 * 1024) == "12.5 MiB");
    CHECK(format_transfer(8.0 * 1024 * 1024, 2.0) == "8.0 MiB, 4.0 MiB/s");
    CHECK(format_transfer(100, 0) == "100 B");
}
