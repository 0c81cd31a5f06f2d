// The history (state/history_store.hpp, history_view.hpp): rotation at 20,
// atomic private writes, the desired state kept losslessly, what changed,
// and the pinned state rollback applies.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sys/stat.h>

#include "infractl/core/error.hpp"
#include "infractl/plan/render.hpp"
#include "infractl/resolve/resolve.hpp"
#include "infractl/state/desired_codec.hpp"
#include "infractl/state/history_store.hpp"
#include "infractl/state/history_view.hpp"
#include "support/desired_builders.hpp"
#include "support/example.hpp"
#include "support/temp_dir.hpp"

using namespace infractl;
using namespace plan_fixtures;
using infractl::test::resolve_example;
using infractl::test::TempDir;

namespace {

HistoryEntry entry(const std::string& command, const DesiredState& d) {
    HistoryEntry e;
    e.time = "2026-12-02T01:50:00Z";
    e.command = command;
    e.desired = d;
    for (const auto& s : d.services) e.images[s.key.str()] = {s.spec.image, "sha256:" + s.spec.image + "-id"};
    return e;
}

std::string load_error(const HistoryStore& store) {
    try {
        store.load();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("history store: keeps the last 20, numbers never reused") {
    TempDir dir;
    HistoryStore store(dir.path + "/state", "monorepo", "dev");
    CHECK(store.load().empty());
    for (int i = 1; i <= 25; ++i) CHECK(store.append(entry("up " + std::to_string(i), monorepo())) == i);
    auto all = store.load();
    REQUIRE(all.size() == kHistoryLimit);
    CHECK(all.front().number == 6);
    CHECK(all.front().command == "up 6");
    CHECK(all.back().number == 25);
    CHECK(store.append(entry("up 26", monorepo())) == 26);
    CHECK(store.load().front().number == 7);
}

TEST_CASE("history store: written atomically and privately") {
    TempDir dir;
    HistoryStore store(dir.path, "monorepo", "dev");
    store.append(entry("up", monorepo()));
    CHECK(store.path() == dir.path + "/monorepo.dev.history.json");
    struct stat st {};
    REQUIRE(::stat(store.path().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    // Only the file itself: the temporary was renamed over it.
    int files = 0;
    for (const auto& f : std::filesystem::directory_iterator(dir.path)) {
        (void)f;
        ++files;
    }
    CHECK(files == 1);
}

TEST_CASE("history store: a damaged or newer file names itself") {
    TempDir dir;
    HistoryStore store(dir.path, "monorepo", "dev");
    dir.write("monorepo.dev.history.json", "{\"format_version\": 7}");
    CHECK(load_error(store) == store.path() + ": history format_version 7 is newer than this infractl reads (1)");
    dir.write("monorepo.dev.history.json", "{\"format_version\": 1, \"next\": 2, \"entries\": [{}]}");
    CHECK(load_error(store).rfind("cannot read " + store.path() + ":", 0) == 0);
}

TEST_CASE("desired codec: the example round-trips losslessly") {
    for (const char* profile : {"dev", "prod"}) {
        INFO(profile);
        DesiredState d = resolve_example(profile);
        DesiredState back = decode_desired(nlohmann::json::parse(encode_desired(d).dump()), "h.json");
        RenderOptions all{false, true};
        CHECK(render_state_json(back, all) == render_state_json(d, all));
        REQUIRE(back.services.size() == d.services.size());
        for (std::size_t i = 0; i < d.services.size(); ++i) {
            CHECK(config_hash(back.services[i].spec) == config_hash(d.services[i].spec));
            REQUIRE(back.services[i].containers.size() == d.services[i].containers.size());
            for (std::size_t c = 0; c < d.services[i].containers.size(); ++c)
                CHECK(back.services[i].containers[c].spec.labels == d.services[i].containers[c].spec.labels);
        }
    }
}

TEST_CASE("history view: what changed from one entry to the next") {
    DesiredState a = monorepo();
    DesiredState b = a;
    auto* worker = find(b, "celery-worker");
    worker->spec.image = "turfoo/app:2";
    worker->config_hash = "changed";
    worker->spec.environment["GREETING"] = {"hi", false, {}};
    set_replicas(*worker, 3);
    b.services.erase(b.services.begin());  // redis went
    HistoryEntry first = entry("up", a), second = entry("scale turfoo celery-worker=3", b);
    CHECK(entry_changes(nullptr, first) == std::vector<std::string>{"first recorded run"});
    CHECK(entry_changes(&first, first) == std::vector<std::string>{"no change"});
    CHECK(entry_changes(&first, second) ==
          std::vector<std::string>{"turfoo/celery-worker: image turfoo/app:1 -> turfoo/app:2",
                                   "turfoo/celery-worker: replicas 2 -> 3", "turfoo/celery-worker: environment GREETING",
                                   "- redis"});
    HistoryEntry moved = first;
    moved.images["turfoo/postgres"].id = "sha256:0123456789abcdef";
    CHECK(entry_changes(&first, moved) ==
          std::vector<std::string>{"turfoo/postgres: image postgres:16 now sha256:0123456789ab (was "
                                   "sha256:postgres:16-)"});
}

TEST_CASE("history view: the listing") {
    HistoryEntry e = entry("up", monorepo());
    e.number = 3;
    CHECK(render_history_text({e}) ==
          "#   WHEN                  COMMAND                     CHANGES\n"
          "3   2026-12-02 01:50:00Z  up                          first recorded run\n");
    CHECK(render_history_text({}) == "no history yet: up, scale and rollback record one entry each\n");
}

TEST_CASE("history view: rollback pins every image by id and keeps the hashes") {
    HistoryEntry e = entry("up", monorepo());
    DesiredState pinned = pinned_desired(e);
    for (std::size_t i = 0; i < pinned.services.size(); ++i) {
        const auto& s = pinned.services[i];
        CHECK(s.spec.image == "sha256:" + e.desired.services[i].spec.image + "-id");
        CHECK(s.config_hash == e.desired.services[i].config_hash);
        CHECK(s.pull_policy == PullPolicy::never);
        for (const auto& c : s.containers) CHECK(c.spec.image == s.spec.image);
    }
}

TEST_CASE("history store: same_run ignores time and command") {
    HistoryEntry a = entry("up", monorepo()), b = entry("up --plan p.json", monorepo());
    b.time = "2027-01-01T00:00:00Z";
    CHECK(same_run(a, b));
    b.images["redis"].id = "sha256:other";
    CHECK(!same_run(a, b));
}

TEST_CASE("history view: a partial run carries the other services over from the latest entry") {
    HistoryEntry last = entry("rollback --to 1", monorepo());
    last.images["turfoo/postgres"].id = "sha256:rolled-back";
    DesiredState topology = monorepo();
    find(topology, "postgres")->spec.image = "postgres:17";  // in the files, not applied by this scale
    set_replicas(*find(topology, "celery-worker"), 4);
    HistoryEntry run = entry("scale turfoo celery-worker=4", topology);
    HistoryEntry kept = carry_over(run, last, {ServiceKey{"turfoo", "celery-worker"}});
    CHECK(entry_changes(&last, kept) == std::vector<std::string>{"turfoo/celery-worker: replicas 2 -> 4"});
    CHECK(kept.images.at("turfoo/postgres").id == "sha256:rolled-back");
    CHECK(kept.desired.services.size() == 3);
}
