// Saved plans (plan/saved_plan.hpp): the fingerprint, what staleness names,
// and the exact one-line errors for files that are not a plan this infractl
// can apply.
#include <catch2/catch.hpp>

#include "infractl/core/error.hpp"
#include "infractl/plan/diff.hpp"
#include "infractl/plan/saved_plan.hpp"
#include "support/desired_builders.hpp"

using namespace infractl;
using namespace plan_fixtures;

namespace {

// The fingerprint of `d` planned against `o`, with one input file.
PlanFingerprint print_of(const DesiredState& d, const ObservedState& o, const std::string& topology_sha = "aaa") {
    Plan plan = diff(d, o, DiffOptions{});
    return {{{"topology", "t.yaml", topology_sha}}, "desired-1", touched_objects(o, plan, ""), plan_digest(plan)};
}

std::string error_of(const std::string& text) {
    try {
        read_saved_plan("p.json", text);
    } catch (const Error& e) {
        return std::string(e.what()) + (e.hint().empty() ? "" : " (hint: " + e.hint() + ")");
    }
    return "no error";
}

}  // namespace

TEST_CASE("saved plan: nothing changed is not stale") {
    DesiredState d = monorepo();
    ObservedState o = matching(d);
    CHECK(staleness(print_of(d, o), print_of(d, o)).empty());
}

TEST_CASE("saved plan: staleness names what changed, one phrase each") {
    DesiredState d = monorepo();
    ObservedState before = matching(d);
    PlanFingerprint saved = print_of(d, before);

    SECTION("a container removed by hand (docker rm)") {
        ObservedState now = before;
        std::erase_if(now.containers, [](const auto& c) { return c.name == "turfoo-celery-worker-2"; });
        CHECK(staleness(saved, print_of(d, now)) ==
              std::vector<std::string>{"container turfoo-celery-worker-2 (id id-turfoo-ce) went"});
    }
    SECTION("a container stopped and one recreated outside infractl") {
        ObservedState now = before;
        find(now, "monorepo-redis")->state = ContainerState::exited;
        find(now, "turfoo-postgres")->id = "other-id";
        CHECK(staleness(saved, print_of(d, now)) ==
              std::vector<std::string>{"container monorepo-redis changed: state running -> exited",
                                       "container turfoo-postgres changed: id id-turfoo-po -> other-id"});
    }
    SECTION("a container of the stack appeared") {
        ObservedState now = before;
        ObservedContainer extra = now.containers.front();
        extra.name = "turfoo-celery-worker-3";
        extra.id = "new-id";
        now.containers.push_back(extra);
        auto why = staleness(saved, print_of(d, now));
        REQUIRE(!why.empty());
        CHECK(why.front() == "container turfoo-celery-worker-3 (id new-id) appeared");
    }
    SECTION("an input file edited") {
        CHECK(staleness(saved, print_of(d, before, "bbb")) == std::vector<std::string>{"topology file t.yaml changed"});
    }
    SECTION("the same files resolving differently (an interpolated variable)") {
        PlanFingerprint now = print_of(d, before);
        now.desired_sha256 = "desired-2";
        CHECK(staleness(saved, now) ==
              std::vector<std::string>{"the resolved desired state changed with the same files (an environment "
                                       "variable the topology interpolates?)"});
    }
    SECTION("the network recreated") {
        ObservedState now = before;
        now.networks.front().id = "nid-new";
        CHECK(staleness(saved, print_of(d, now)) ==
              std::vector<std::string>{"network monorepo_net changed: id nid-monorepo -> nid-new"});
    }
}

TEST_CASE("saved plan: input files used, gone, moved") {
    PlanFingerprint saved{{{"topology", "t.yaml", "a"}, {"scale counts", "s.json", ""}}, "d", {}, "p"};
    PlanFingerprint now = saved;
    now.inputs[1].sha256 = "b";
    now.inputs.push_back({"images", "i.yaml", "c"});
    CHECK(staleness(saved, now) == std::vector<std::string>{"scale counts file s.json appeared",
                                                            "images file i.yaml is used now and was not then"});
    // The same content under another path (another CI job's checkout) is the same input.
    now = saved;
    now.inputs[0].path = "/builds/job2/t.yaml";
    CHECK(staleness(saved, now).empty());
    now.inputs[0].sha256 = "z";
    CHECK(staleness(saved, now) == std::vector<std::string>{"topology file /builds/job2/t.yaml changed"});
}

TEST_CASE("saved plan: the digest covers what the executor reads") {
    DesiredState d = monorepo();
    ObservedState o = matching(d);
    find(o, "turfoo-postgres")->labels[label::config_hash] = "old";
    Plan plan = diff(d, o, DiffOptions{});
    REQUIRE(!plan.empty());
    std::string digest = plan_digest(plan);
    CHECK(plan_digest(plan) == digest);  // deterministic
    Plan changed = plan;
    changed.actions.front().spec.memory_limit = Bytes{1 << 20};
    CHECK(plan_digest(changed) != digest);
    changed = plan;
    changed.actions.front().container_id = "x";
    CHECK(plan_digest(changed) != digest);
}

TEST_CASE("saved plan: write then read keeps the header and fingerprint, masks secrets") {
    DesiredState d = monorepo();
    ObservedState o = matching(d);
    find(o, "turfoo-postgres")->labels[label::config_hash] = "old";
    find(o, "turfoo-postgres")->spec.environment["DB_PASSWORD"] = {"old-secret", true, {}};
    for (auto& s : d.services)
        if (s.key.service == "postgres") {
            s.spec.environment["DB_PASSWORD"] = {"hunter2-new", true, {}};
            for (auto& c : s.containers) c.spec.environment = s.spec.environment;
        }
    Plan plan = diff(d, o, DiffOptions{});
    PlanFingerprint fp = print_of(d, o);
    std::string text = write_saved_plan(plan, {kSavedPlanVersion, "monorepo", "dev", "docker", ""}, fp);
    CHECK(text.find("hunter2-new") == std::string::npos);
    CHECK(text.find("old-secret") == std::string::npos);
    CHECK(text.find("(sensitive)") != std::string::npos);
    SavedPlan back = read_saved_plan("p.json", text);
    CHECK(back.header.stack == "monorepo");
    CHECK(back.header.backend == "docker");
    CHECK(back.fingerprint.inputs == fp.inputs);
    CHECK(back.fingerprint.observed == fp.observed);
    CHECK(back.fingerprint.plan_sha256 == fp.plan_sha256);
    CHECK(staleness(back.fingerprint, fp).empty());
}

TEST_CASE("saved plan: files it cannot apply are one line each") {
    static const struct {
        const char* text;
        const char* error;
    } cases[] = {
        {"{\"format_version\": 1, \"actions\": [",
         "p.json: not a saved plan: corrupt JSON at byte 35 (hint: write a new one with: infractl plan --out FILE)"},
        {"{\"format_version\": 1, \"actions\": []}",
         "p.json: not a saved plan: no 'saved_plan' section (is it `plan -o json` output?) (hint: write a new one "
         "with: infractl plan --out FILE)"},
        {"{\"saved_plan\": {\"format_version\": 2}}",
         "p.json: saved plan format_version 2 is newer than this infractl reads (1) (hint: apply it with the "
         "infractl that wrote it, or plan again with this one)"},
        {"[1, 2]",
         "p.json: not a saved plan: no 'saved_plan' section (is it `plan -o json` output?) (hint: write a new one "
         "with: infractl plan --out FILE)"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(error_of(c.text) == c.error);
    }
}
