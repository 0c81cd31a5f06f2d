#include <catch2/catch.hpp>

#include "infractl/engine/docker_engine.hpp"
#include "infractl/status/status.hpp"

using namespace infractl;

TEST_CASE("replication rows: psql's answer by replica number, other slots skipped", "[engine][replicas]") {
    auto rows = parse_replication_rows(
        "infractl_replica_1|streaming|0|0.000812\n"
        "infractl_replica_2||-1|0\n"
        "someone_elses_slot|streaming|5|1\n"
        "infractl_replica_x|streaming|5|1\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows.at(1).state == "streaming");
    CHECK(rows.at(1).lag_bytes == 0);
    CHECK(rows.at(1).lag_seconds == Approx(0.000812));
    CHECK(rows.at(2).state.empty());
    CHECK(replication_text(rows.at(1)) == "streaming, replay lag 0 B, 0.001 s");
    CHECK(replication_text(rows.at(2)) == "not connected to its primary (slot idle)");
}
