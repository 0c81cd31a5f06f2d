// Secrets on the Docker backend without an engine: the bind mount of the copy
// in the create body, and inspect reading it back as a secret (not a mount),
// so the diff sees a changed secret and never a foreign mount. Plus the
// copies themselves: owner, mode, pruning (in a scratch root, not on tmpfs).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "infractl/engine/docker_json.hpp"
#include "infractl/engine/secret_files.hpp"
#include "infractl/plan/render.hpp"
#include "infractl/resolve/resolve.hpp"
#include "support/temp_dir.hpp"

using namespace infractl;
using nlohmann::json;

namespace {

ContainerSpec spec_with_secret(const std::string& content) {
    ContainerSpec s;
    s.image = "postgres:16";
    s.labels[label::stack] = "st";
    s.mounts = {{true, "st_pgdata", "/var/lib/postgresql/data", false}};
    s.secrets = {{"db-password", "pw", 0, 0, 0400, secret_file_id(content, 0, 0, 0400), content}};
    return s;
}

}  // namespace

TEST_CASE("secret mounts: a read-only bind of the copy at /run/secrets/TARGET", "[engine][secrets]") {
    ContainerSpec s = spec_with_secret("hunter2");
    json b = container_create_body(s, "/run/infractl/secrets");
    const json& mounts = b["HostConfig"]["Mounts"];
    REQUIRE(mounts.size() == 2);
    CHECK(mounts[1] == json({{"Type", "bind"},
                             {"Source", "/run/infractl/secrets/st/" + s.secrets[0].file_id},
                             {"Target", "/run/secrets/pw"},
                             {"ReadOnly", true}}));
    CHECK(b.dump().find("hunter2") == std::string::npos);  // never in Env, never anywhere in the body

    json inspect = {{"Id", "abc"}, {"Name", "/st-db"}, {"HostConfig", {{"Mounts", mounts}}}};
    ObservedContainer c = container_from_inspect(inspect);
    REQUIRE(c.spec.mounts.size() == 1);  // the volume only
    REQUIRE(c.spec.secrets.size() == 1);
    CHECK(c.spec.secrets[0].target == "pw");
    CHECK(c.spec.secrets[0].file_id == s.secrets[0].file_id);
    CHECK(c.spec.secrets[0].content.empty());
}

TEST_CASE("secret mounts: a user's own bind at /run/secrets stays a mount", "[engine][secrets]") {
    json inspect = json::parse(R"({"Id":"abc","Name":"/x","HostConfig":{"Mounts":[
        {"Type":"bind","Source":"/srv/keys/pw","Target":"/run/secrets/pw","ReadOnly":true}]}})");
    ObservedContainer c = container_from_inspect(inspect);
    CHECK(c.spec.mounts.size() == 1);
    CHECK(c.spec.secrets.empty());
}

TEST_CASE("secret files: written with owner and mode, pruned when unused", "[engine][secrets]") {
    test::TempDir d;
    std::string root = d.path + "/infractl/secrets";
    ContainerSpec s = spec_with_secret("hunter2");
    s.secrets[0].uid = static_cast<int>(::geteuid());  // a uid this test may give
    s.secrets[0].gid = static_cast<int>(::getegid());
    s.secrets[0].mode = 0440;
    s.secrets[0].file_id = secret_file_id("hunter2", s.secrets[0].uid, s.secrets[0].gid, 0440);
    write_secret_files(root, "st", s.secrets);
    write_secret_files(root, "st", s.secrets);  // idempotent
    std::string path = secret_file_path(root, "st", s.secrets[0].file_id);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0440);
    CHECK(st.st_uid == ::geteuid());
    REQUIRE(::stat((root + "/st").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0700);
    CHECK(secret_file_id_of(path) == s.secrets[0].file_id);

    CHECK(prune_secret_files(root, "st", {path}) == 0);
    CHECK(::access(path.c_str(), F_OK) == 0);
    CHECK(prune_secret_files(root, "st", {}) == 1);
    CHECK(::access(path.c_str(), F_OK) != 0);
}

TEST_CASE("secret files: a directory that is not private is refused", "[engine][secrets]") {
    test::TempDir d;
    std::string root = d.path + "/infractl/secrets";
    d.write("infractl/secrets/.keep");
    ::chmod((d.path + "/infractl").c_str(), 0755);
    ContainerSpec s = spec_with_secret("x");
    CHECK_THROWS_WITH(write_secret_files(root, "st", s.secrets),
                      Catch::Contains("refusing to keep secrets in '" + d.path + "/infractl'"));
}

TEST_CASE("secret mounts: render shows name, place, owner and mode, never the content", "[plan][secrets]") {
    DesiredState st;
    st.stack = "st";
    DesiredService svc;
    svc.key = {kGlobalProject, "db"};
    svc.spec = spec_with_secret("hunter2");
    svc.containers = {{"st-db", 1, svc.spec}};
    st.services.push_back(svc);
    for (bool show : {false, true}) {
        RenderOptions opts;
        opts.show_secrets = show;
        std::string text = render_state_text(st, opts);
        CHECK(text.find("    secrets: db-password -> /run/secrets/pw (mode 0400, owner 0:0)\n") != std::string::npos);
        CHECK(text.find("hunter2") == std::string::npos);
        std::string j = render_state_json(st, opts);
        CHECK(j.find("hunter2") == std::string::npos);
        CHECK(j.find(R"("target": "/run/secrets/pw")") != std::string::npos);
    }
}
