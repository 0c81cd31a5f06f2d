#include <catch2/catch.hpp>

#include <sstream>

#include "infractl/apply/progress.hpp"

using namespace infractl;

namespace {

struct FakeClock {
    std::chrono::steady_clock::time_point t{};
    void advance(int ms) { t += std::chrono::milliseconds(ms); }
};

ProgressOptions options(ProgressMode mode, FakeClock& clock, bool color = false) {
    ProgressOptions o;
    o.mode = mode;
    o.color = color;
    o.clock = [&clock] { return clock.t; };
    return o;
}

ProgressEvent ev(std::string target, StepState s, std::string detail = {}) {
    return {std::move(target), {"turfoo", "postgres"}, s, std::move(detail)};
}

std::size_t count(const std::string& s, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("progress: plain prints one line per step change") {
    FakeClock clock;
    std::ostringstream out;
    ProgressView view(out, options(ProgressMode::plain, clock));
    view.event(ev("turfoo-postgres", StepState::creating));
    view.event(ev("turfoo-postgres", StepState::starting));
    view.event(ev("turfoo-api-1", StepState::waiting, "waiting for 'turfoo/postgres' to be healthy 0s"));
    view.event(ev("turfoo-api-1", StepState::waiting, "waiting for 'turfoo/postgres' to be healthy 1s"));
    view.event(ev("turfoo-postgres", StepState::done));
    view.event(ev("turfoo-api-1", StepState::failed, "No such image: turfoo/api:1"));
    view.finish();
    CHECK(out.str() ==
          "turfoo-postgres: creating\n"
          "turfoo-postgres: starting\n"
          "turfoo-api-1: waiting: waiting for 'turfoo/postgres' to be healthy 0s\n"
          "turfoo-postgres: done\n"
          "turfoo-api-1: failed: No such image: turfoo/api:1\n");
}

TEST_CASE("progress: plain with colour colours the step") {
    FakeClock clock;
    std::ostringstream out;
    ProgressView view(out, options(ProgressMode::plain, clock, true));
    view.event(ev("x", StepState::done));
    CHECK(out.str() == "x: \x1b[32mdone\x1b[0m\n");
}

TEST_CASE("progress: quiet prints nothing") {
    FakeClock clock;
    std::ostringstream out;
    ProgressView view(out, options(ProgressMode::quiet, clock));
    view.event(ev("x", StepState::failed, "boom"));
    view.finish();
    CHECK(out.str().empty());
}

TEST_CASE("progress: tty redraws in place at most every 100ms") {
    FakeClock clock;
    clock.advance(1000);
    std::ostringstream out;
    ProgressView view(out, options(ProgressMode::tty, clock));
    view.event(ev("monorepo-redis", StepState::creating));  // first frame
    view.event(ev("turfoo-postgres", StepState::pulling, "Downloading postgres:16 512K/2M"));  // throttled
    clock.advance(50);
    view.event(ev("monorepo-redis", StepState::starting));  // throttled
    CHECK(count(out.str(), "\x1b[2K") == 1);
    clock.advance(60);
    view.event(ev("monorepo-redis", StepState::done));  // 110ms after the first frame: drawn
    CHECK(out.str() ==
          "\r\x1b[2K  monorepo-redis  creating\n"
          "\x1b[1A"
          "\r\x1b[2K  monorepo-redis   done\n"
          "\r\x1b[2K  turfoo-postgres  pulling  Downloading postgres:16 512K/2M\n");
    clock.advance(1500);
    view.event(ev("turfoo-postgres", StepState::pulling, "Downloading postgres:16 2M/2M"));
    view.finish();  // nothing dirty: no extra frame
    std::string last = out.str().substr(out.str().rfind("\x1b[2A"));
    CHECK(last ==
          "\x1b[2A"
          "\r\x1b[2K  monorepo-redis   done\n"
          "\r\x1b[2K  turfoo-postgres  pulling  Downloading postgres:16 2M/2M  1s\n");
}

TEST_CASE("progress: tty finish draws what the throttle held back") {
    FakeClock clock;
    clock.advance(1000);
    std::ostringstream out;
    ProgressView view(out, options(ProgressMode::tty, clock));
    view.event(ev("a", StepState::creating));
    view.event(ev("a", StepState::done));
    view.finish();
    CHECK(out.str() == "\r\x1b[2K  a  creating\n\x1b[1A\r\x1b[2K  a  done\n");
}
