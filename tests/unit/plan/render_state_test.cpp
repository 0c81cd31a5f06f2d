#include <catch2/catch.hpp>

#include "support/topology_builders.hpp"
#include "infractl/plan/render.hpp"
#include "infractl/plan/render_state_util.hpp"
#include "infractl/resolve/resolve.hpp"

using namespace infractl;
using namespace infractl::test;

namespace {
DesiredState state() {
    Diagnostics diags;
    return resolve(monorepo(), dev_profile(), {}, diags);
}
}  // namespace

TEST_CASE("render state: secrets are masked unless asked for", "[plan][render]") {
    std::string masked = render_state_text(state(), RenderOptions{});
    CHECK(masked.find("      POSTGRES_PASSWORD=(sensitive)\n") != std::string::npos);
    CHECK(masked.find("POSTGRES_PASSWORD=dev") == std::string::npos);
    CHECK(masked.find("      POSTGRES_DB=turfoo_db\n") != std::string::npos);
    std::string shown = render_state_text(state(), RenderOptions{false, true});
    CHECK(shown.find("      POSTGRES_PASSWORD=dev\n") != std::string::npos);

    std::string json = render_state_json(state(), RenderOptions{});
    CHECK(json.find("\"POSTGRES_PASSWORD\": \"(sensitive)\"") != std::string::npos);
    CHECK(json.find("\"POSTGRES_PASSWORD\": \"dev\"") == std::string::npos);
    CHECK(render_state_json(state(), RenderOptions{false, true}).find("\"POSTGRES_PASSWORD\": \"dev\"") !=
          std::string::npos);
}

TEST_CASE("render state: a service block", "[plan][render]") {
    std::string text = render_state_text(state(), RenderOptions{});
    CHECK(text.find("  turfoo/celery-worker (replicated)\n"
                    "    replicas: 1, max 10\n"
                    "    containers: turfoo-celery-worker-1\n"
                    "    depends on: redis (healthy), turfoo/postgres (healthy)\n"
                    "    image: turfoo:latest\n"
                    "    command: celery -A turfoo.celery_app worker\n"
                    "    networks: monorepo_net (alias turfoo-celery-worker)\n"
                    "    restart: unless-stopped\n"
                    "    stop: image default signal, grace 10s\n"
                    "    resources: cpus unbounded (reserved none), memory unbounded (reserved none)\n"
                    "    pull: missing\n"
                    "    config hash: ") != std::string::npos);
}

TEST_CASE("render state: shell quoting of commands", "[plan][render]") {
    CHECK(shell_join({"celery", "-A", "x.app", "--loglevel=info"}) == "celery -A x.app --loglevel=info");
    CHECK(shell_join({"sh", "-c", "echo hi"}) == "sh -c 'echo hi'");
    CHECK(shell_join({"it's"}) == "'it'\\''s'");
    CHECK(shell_join({""}) == "''");
}
