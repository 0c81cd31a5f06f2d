#include <catch2/catch.hpp>

#include "infractl/core/error.hpp"
#include "infractl/state/autoscale_store.hpp"
#include "support/temp_dir.hpp"

using namespace infractl;

TEST_CASE("autoscale store: the HPA history survives a restart, per stack and profile") {
    test::TempDir dir;
    AutoscaleStore store(dir.path, "monorepo", "staging");
    CHECK(store.load().empty());
    auto at = WallClock::time_point(std::chrono::milliseconds(1764637200123));
    AutoscaleHistory h;
    h["turfoo/celery-worker"] = HpaHistory{{{at, 5}, {at + std::chrono::seconds(15), 3}}, {{at, 4}}, {}};
    store.save(h);
    AutoscaleHistory back = store.load();
    REQUIRE(back.count("turfoo/celery-worker") == 1);
    const HpaHistory& w = back.at("turfoo/celery-worker");
    REQUIRE(w.recommendations.size() == 2);
    CHECK(w.recommendations[0].at == at);
    CHECK(w.recommendations[1].count == 3);
    REQUIRE(w.scale_ups.size() == 1);
    CHECK(w.scale_ups[0].count == 4);
    CHECK(w.scale_downs.empty());
    CHECK(AutoscaleStore(dir.path, "monorepo", "dev").load().empty());
    CHECK(store.path() == dir.path + "/monorepo.staging.autoscale.json");
}

TEST_CASE("autoscale store: a corrupt file is one clear error naming it") {
    test::TempDir dir;
    AutoscaleStore store(dir.path, "s", "dev");
    dir.write("s.dev.autoscale.json", "{not json");
    try {
        store.load();
        FAIL("a corrupt file must not load");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("cannot read " + store.path()) == 0);
    }
}
