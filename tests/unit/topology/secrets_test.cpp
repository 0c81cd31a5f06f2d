// Secrets as files: the model the loader reads, its located errors, and what
// resolve makes of it (the config hash changes for the users of a changed
// secret only).
#include <catch2/catch.hpp>

#include <filesystem>

#include "infractl/plan/diff.hpp"
#include "infractl/resolve/resolve.hpp"
#include "support/desired_builders.hpp"
#include "support/temp_dir.hpp"
#include "support/topology_text.hpp"

using namespace infractl;
using Lines = std::vector<std::string>;

namespace {

std::string with_secrets(const std::string& secrets, const std::string& uses) {
    return "version: 1\nstack: s\nsecrets:\n" + secrets + "globals:\n  db:\n    image: postgres\n    secrets: " + uses +
           "\n  cache:\n    image: redis\n";
}

DesiredState resolved(const std::string& yaml, const std::map<std::string, std::string>& vars) {
    Diagnostics diags;
    Topology t = load_topology_text(yaml, "t.yaml", test::env_of(vars), diags);
    validate_topology(t, diags);
    for (const auto& d : diags.all()) INFO(d.str());
    REQUIRE_FALSE(diags.has_errors());
    return resolve(t, Profile{}, {}, diags);
}

const DesiredService& global(const DesiredState& s, const std::string& name) {
    const DesiredService* found = s.find(ServiceKey{kGlobalProject, name});
    REQUIRE(found);
    return *found;
}

}  // namespace

TEST_CASE("secrets: declared from a variable or a file, used by name or in long form", "[loader][secrets]") {
    test::TempDir d;
    d.write("pw.txt", "from-file\n");
    std::string yaml = "version: 1\nstack: s\nsecrets:\n  pw: {file: pw.txt}\n  token: {environment: TOKEN}\n"
                       "globals:\n  db:\n    image: postgres\n    secrets:\n      - pw\n"
                       "      - {source: token, target: api-token, uid: 999, gid: 998, mode: 0440}\n";
    Diagnostics diags;
    Topology t = load_topology_text(yaml, d.path + "/t.yaml", test::env_of({{"TOKEN", "t0k"}}), diags);
    validate_topology(t, diags);
    REQUIRE(test::lines_of(diags) == Lines{});
    REQUIRE(t.secrets.size() == 2);
    CHECK(t.find_secret("pw")->content == "from-file\n");  // verbatim, newline included
    CHECK(t.find_secret("token")->content == "t0k");
    const auto& uses = t.globals[0].secrets;
    REQUIRE(uses.size() == 2);
    CHECK((uses[0].source == "pw" && uses[0].target == "pw" && uses[0].uid == 0 && uses[0].gid == 0 &&
           uses[0].mode == 0400));
    CHECK((uses[1].source == "token" && uses[1].target == "api-token" && uses[1].uid == 999 && uses[1].gid == 998 &&
           uses[1].mode == 0440));
}

TEST_CASE("secrets: modes in octal or decimal; a file above 500 KiB is refused", "[loader][secrets]") {
    test::TempDir d;
    d.write("big.bin", std::string(500 * 1024 + 1, 'x'));  // scratch file: one byte above the limit
    std::string yaml = "version: 1\nstack: s\nsecrets:\n  pw: {environment: PW}\n  big: {file: big.bin}\n"
                       "globals:\n  db:\n    image: postgres\n    secrets:\n"
                       "      - {source: pw, target: a, mode: 0o440}\n      - {source: pw, target: b, mode: 288}\n";
    Diagnostics diags;
    Topology t = load_topology_text(yaml, d.path + "/t.yaml", test::env_of({{"PW", "x"}}), diags);
    CHECK(test::lines_of(diags) ==
          Lines{d.path + "/t.yaml:5:15: the file of secret 'big' is larger than 500 KiB"});
    REQUIRE(t.globals.at(0).secrets.size() == 2);
    CHECK(t.globals[0].secrets[0].mode == 0440);
    CHECK(t.globals[0].secrets[1].mode == 0440);
}

TEST_CASE("secrets: every problem located and worded exactly", "[loader][secrets]") {
    static const struct {
        const char* name;
        std::string yaml;
        Lines expected;
    } cases[] = {
        {"unknown secret, with a suggestion", with_secrets("  db-password: {environment: PW}\n", "[db-pasword]"),
         {"t.yaml:8:15: 'db' uses secret 'db-pasword', which is not declared (hint: did you mean 'db-password'?)"}},
        {"unknown secret, nothing close", with_secrets("  a: {environment: PW}\n", "[zzz-other]"),
         {"t.yaml:8:15: 'db' uses secret 'zzz-other', which is not declared (hint: declare it in the top-level "
          "'secrets:' with 'file:' or 'environment:')"}},
        {"unset variable", with_secrets("  pw: {environment: NOT_SET}\n", "[pw]"),
         {"t.yaml:4:21: secret 'pw': variable 'NOT_SET' is not set (hint: export it, or set it in {DIR}/infractl.env)"}},
        {"missing file", with_secrets("  pw: {file: nowhere.txt}\n", "[pw]"),
         {"t.yaml:4:14: cannot read the file of secret 'pw': 'nowhere.txt': No such file or directory (hint: paths "
          "are relative to {DIR})"}},
        {"two sources", with_secrets("  pw: {file: a, environment: PW}\n", "[pw]"),
         {"t.yaml:4:7: secret 'pw' has both 'file' and 'environment' (hint: keep one source)"}},
        {"no source", with_secrets("  pw: {}\n", "[pw]"),
         {"t.yaml:4:7: secret 'pw' has no source (hint: add 'file: PATH' or 'environment: VARIABLE')"}},
        {"bad mode", with_secrets("  pw: {environment: PW}\n", "[{source: pw, mode: 0999}]"),
         {"t.yaml:8:34: invalid secret mode '0999' (hint: an octal file mode such as 0400 or 0440)"}},
        {"bad target", with_secrets("  pw: {environment: PW}\n", "[{source: pw, target: ../etc/x}]"),
         {"t.yaml:8:36: invalid secret target '../etc/x' (hint: a file name under /run/secrets: letters, digits, "
          "'.', '_' and '-')"}},
        {"negative uid", with_secrets("  pw: {environment: PW}\n", "[{source: pw, uid: -1}]"),
         {"t.yaml:8:33: uid must be 0 or more, got -1 (hint: a numeric id: the container has no user names here)"}},
        {"no source in the long form", with_secrets("  pw: {environment: PW}\n", "[{target: x}]"),
         {"t.yaml:8:15: a secret needs 'source' (hint: the name of a secret in the top-level 'secrets:')"}},
        {"two secrets on one file", with_secrets("  a: {environment: PW}\n  b: {environment: PW}\n",
                                                 "[a, {source: b, target: a}]"),
         {"t.yaml:9:18: 'db' mounts two secrets at /run/secrets/a (line 9) (hint: give one of them another "
          "'target')"}},
    };
    const std::string dir = std::filesystem::current_path().string();
    for (const auto& c : cases) {
        INFO(c.name);
        Lines expected = c.expected;
        for (auto& line : expected)
            if (auto p = line.find("{DIR}"); p != std::string::npos) line.replace(p, 5, dir);
        CHECK(test::topology_problems(c.yaml, {{"PW", "x"}}) == expected);
    }
}

TEST_CASE("secrets: the resolved spec and the config hash", "[resolve][secrets][hash]") {
    std::string yaml = "version: 1\nstack: s\nsecrets:\n  a: {environment: A}\n  b: {environment: B}\n"
                       "globals:\n  one:\n    image: x\n    secrets: [a]\n  two:\n    image: x\n    secrets: [b]\n"
                       "  none:\n    image: x\n";
    DesiredState before = resolved(yaml, {{"A", "1"}, {"B", "1"}});
    DesiredState after = resolved(yaml, {{"A", "2"}, {"B", "1"}});

    const auto& spec = global(before, "one").spec;
    REQUIRE(spec.secrets.size() == 1);
    CHECK(spec.secrets[0].target == "a");
    CHECK(spec.secrets[0].content == "1");
    CHECK(spec.secrets[0].file_id == secret_file_id("1", 0, 0, 0400));
    CHECK(canonical_form(spec).find("secret \"a\" \"" + spec.secrets[0].file_id + "\"\n") != std::string::npos);
    CHECK(canonical_form(spec).find("\"1\"") == std::string::npos);  // the content is not in the form

    SECTION("a changed secret changes the hash of its users only") {
        CHECK(global(before, "one").config_hash != global(after, "one").config_hash);
        CHECK(global(before, "two").config_hash == global(after, "two").config_hash);
        CHECK(global(before, "none").config_hash == global(after, "none").config_hash);
    }
    SECTION("a spec without secrets hashes as before secrets existed") {
        CHECK(canonical_form(global(before, "none").spec).find("secret") == std::string::npos);
    }
    SECTION("owner and mode are part of the file id") {
        CHECK(secret_file_id("1", 0, 0, 0400) != secret_file_id("1", 999, 0, 0400));
        CHECK(secret_file_id("1", 0, 0, 0400) != secret_file_id("1", 0, 0, 0440));
    }
}

TEST_CASE("secrets: the plan recreates the users of a changed secret, masked, and nothing else", "[plan][secrets]") {
    std::string yaml = "version: 1\nstack: s\nsecrets:\n  a: {environment: A}\n"
                       "globals:\n  one:\n    image: x\n    secrets: [a]\n  none:\n    image: x\n";
    DesiredState before = resolved(yaml, {{"A", "hunter2-1"}});
    DesiredState after = resolved(yaml, {{"A", "hunter2-2"}});
    ObservedState seen = plan_fixtures::matching(before);
    for (auto& c : seen.containers)
        for (auto& secret : c.spec.secrets) secret.content.clear();  // as inspect reads it back
    CHECK(diff(before, seen, {}).empty());

    Plan plan = diff(after, seen, {});
    REQUIRE(plan.actions.size() == 1);
    const Action& a = plan.actions[0];
    CHECK(a.kind == ActionKind::recreate);
    CHECK(a.target == "s-one");
    REQUIRE(a.changes.size() == 1);
    CHECK(a.changes[0].field == "secret /run/secrets/a");
    CHECK(a.changes[0].from == "(sensitive)");
    CHECK(a.changes[0].to == "(sensitive)");
    CHECK(a.spec.secrets.at(0).content == "hunter2-2");  // what apply writes, never rendered
}
