// Values interpolated from the environment can be any bytes. The JSON outputs
// must still be JSON: invalid UTF-8 becomes U+FFFD instead of an exception
// that fails the whole command.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "infractl/plan/render.hpp"
#include "infractl/resolve/resolve.hpp"
#include "infractl/status/status.hpp"
#include "infractl/topology/loader.hpp"

using namespace infractl;

TEST_CASE("JSON renders survive invalid UTF-8 from the environment", "[input][render]") {
    EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
        if (name == "BYTES") return std::string("a\xff\xfe" "b");
        return std::nullopt;
    };
    Diagnostics diags;
    Topology t = load_topology_text(
        "version: 1\nstack: s\nglobals:\n  a:\n    image: \"img${BYTES}\"\n    environment: {V: \"${BYTES}\"}\n",
        "t.yaml", env, diags);
    DesiredState d = resolve(t, Profile{}, {}, diags);
    REQUIRE_FALSE(diags.has_errors());
    std::string json;
    REQUIRE_NOTHROW(json = render_state_json(d, {}));
    auto parsed = nlohmann::json::parse(json);
    CHECK(parsed["services"][0]["spec"]["image"] == "img" "a\xef\xbf\xbd\xef\xbf\xbd" "b");
    std::string status;
    REQUIRE_NOTHROW(status = render_status_json(build_status(d, ObservedState{}), "s", "p"));
    CHECK(nlohmann::json::parse(status)["services"][0]["image"] == "img" "a\xef\xbf\xbd\xef\xbf\xbd" "b");
}
