#include <catch2/catch.hpp>

#include "infractl/topology/interpolate.hpp"
#include "support/topology_text.hpp"

using namespace infractl;

namespace {

std::string expand(const std::string& text) {
    auto env = test::env_of({{"SET", "value"}, {"EMPTY", ""}, {"PORT", "8080"}});
    auto r = interpolate(text, env);
    if (auto* e = std::get_if<InterpolationError>(&r)) return "error: " + e->message + " | " + e->hint;
    return std::get<std::string>(r);
}

}  // namespace

TEST_CASE("interpolate expands compose-style references", "[interpolate]") {
    static const struct {
        const char* in;
        const char* out;
    } cases[] = {
        {"plain", "plain"},
        {"${SET}", "value"},
        {"$SET", "value"},
        {"a-${SET}-b", "a-value-b"},
        {"$SET.x", "value.x"},
        {"${UNSET:-def}", "def"},
        {"${EMPTY:-def}", "def"},
        {"${EMPTY-def}", ""},
        {"${UNSET-def}", "def"},
        {"${SET:-def}", "value"},
        {"${SET:+alt}", "alt"},
        {"${EMPTY:+alt}", ""},
        {"${EMPTY+alt}", "alt"},
        {"${UNSET+alt}", ""},
        {"${UNSET:-${SET}}", "value"},
        {"${SET:-${UNSET}}", "value"},  // an unused default is not expanded
        {"${UNSET:-a ${PORT} b}", "a 8080 b"},
        {"$$", "$"},
        {"$${SET}", "${SET}"},
        {"cost $5", "cost $5"},
        {"end $", "end $"},
        {"${SET:?required}", "value"},
        {"${EMPTY?required}", ""},
        {"127.0.0.1:${PORT}:80", "127.0.0.1:8080:80"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(expand(c.in) == c.out);
    }
}

TEST_CASE("interpolate reports unset variables and bad syntax", "[interpolate]") {
    static const struct {
        const char* in;
        const char* out;
    } cases[] = {
        {"${TURFOO_DB_PASSWORD}",
         "error: variable 'TURFOO_DB_PASSWORD' is not set and has no default | export it, or write "
         "${TURFOO_DB_PASSWORD:-value}"},
        {"$UNSET", "error: variable 'UNSET' is not set and has no default | export it, or write ${UNSET:-value}"},
        {"${UNSET:?set it in .envrc}",
         "error: variable 'UNSET' is not set or empty: set it in .envrc | export UNSET before running infractl"},
        {"${EMPTY:?}", "error: variable 'EMPTY' is not set or empty | export EMPTY before running infractl"},
        {"${UNSET?}", "error: variable 'UNSET' is not set | export UNSET before running infractl"},
        {"${SET", "error: unterminated '${' in '${SET' | close it with '}', or write $$ for a literal '$'"},
        {"${UNSET:-abc", "error: unterminated '${' in '${UNSET:-abc' | close it with '}', or write $$ for a literal '$'"},
        {"${}", "error: invalid variable reference in '${}' | write ${NAME} with letters, digits and '_', or $$ for "
                "a literal '$'"},
        {"${1X}", "error: invalid variable reference in '${1X}' | write ${NAME} with letters, digits and '_', or $$ "
                  "for a literal '$'"},
        {"${SET/x}", "error: invalid variable reference '${SET' in '${SET/x}' | use ${VAR}, ${VAR:-default}, "
                     "${VAR-default}, ${VAR:?message} or ${VAR:+value}"},
        {"${UNSET:-${ALSO_UNSET}}",
         "error: variable 'ALSO_UNSET' is not set and has no default | export it, or write ${ALSO_UNSET:-value}"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(expand(c.in) == c.out);
    }
}

TEST_CASE("interpolation applies to every string scalar and is located at it", "[interpolate][loader]") {
    const char* yaml = R"(version: 1
stack: monorepo
globals:
  db:
    image: "postgres:${PG_VERSION:-16}"
    environment:
      POSTGRES_PASSWORD: ${TURFOO_DB_PASSWORD}
    ports: ["${DB_PORT:-5432}:5432"]
    replicas: ${DB_REPLICAS:-1}
)";
    Diagnostics diags;
    Topology t = load_topology_text(yaml, "t.yaml", test::env_of({}), diags);
    CHECK(test::lines_of(diags) ==
          std::vector<std::string>{"t.yaml:7:26: variable 'TURFOO_DB_PASSWORD' is not set and has no default "
                                   "(hint: export it, or write ${TURFOO_DB_PASSWORD:-value})"});
    REQUIRE(t.globals.size() == 1);
    CHECK(t.globals[0].image == "postgres:16");
    CHECK(t.globals[0].ports.at(0).host_port == 5432);

    Diagnostics ok;
    Topology t2 = load_topology_text(yaml, "t.yaml", test::env_of({{"TURFOO_DB_PASSWORD", "s3cret"}}), ok);
    CHECK_FALSE(ok.has_errors());
    CHECK(t2.globals.at(0).environment.at("POSTGRES_PASSWORD") == EnvValue{"s3cret", true});
}
