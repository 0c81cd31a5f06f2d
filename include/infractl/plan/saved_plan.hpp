#pragma once
// Saved plans (`plan --out FILE`, `up --plan FILE`; docs/history.md): the
// plan's JSON form (docs/plan-json.md) plus a `saved_plan` section holding a
// fingerprint of what the plan was computed from. `up --plan` computes the
// fingerprint again from fresh inputs and a fresh snapshot and applies only
// when nothing in it changed (staleness() is empty). Pure: the app layer
// reads the files and the engine.
//
// The file holds no secret in clear: the plan JSON masks secret values as
// "(sensitive)", and the fingerprint holds only sha256 digests of the inputs,
// of the resolved desired state and of the plan. The secret values are read
// again at apply time from the same inputs, which the digests prove unchanged.
#include <string>
#include <vector>

#include "infractl/engine/observed_state.hpp"
#include "infractl/plan/plan.hpp"

namespace infractl {

// The `saved_plan.format_version` this infractl writes and the newest it reads.
inline constexpr int kSavedPlanVersion = 1;

// One input file: "topology", "profile", "images", "scale counts".
struct InputDigest {
    std::string role;
    std::string path;    // as the session found it; named in messages, not compared
    std::string sha256;  // of the file's bytes; "" = the file does not exist
    friend bool operator==(const InputDigest&, const InputDigest&) = default;
};

// One engine object the plan was computed against, with what the diff read of it.
struct ObservedObject {
    std::string kind;  // "container", "network", "volume"
    std::string name;
    std::string id;           // "" for volumes (the engine names them)
    std::string state;        // containers: "running", "exited", ...
    std::string config_hash;  // containers: the io.infractl.config-hash label
    std::string image_id;     // containers: the image id it runs
    bool owned = true;        // false: a foreign object holding a name we need
    friend bool operator==(const ObservedObject&, const ObservedObject&) = default;
};

struct PlanFingerprint {
    std::vector<InputDigest> inputs;
    std::string desired_sha256;  // of the resolved desired state's full record
    std::vector<ObservedObject> observed;  // sorted by (kind, name)
    std::string plan_sha256;     // plan_digest()
};

struct SavedPlanHeader {
    int version = kSavedPlanVersion;
    std::string stack;
    std::string profile;
    std::string backend;  // "docker"
    std::string project;  // the --project it was planned with; "" = every project
};

struct SavedPlan {
    SavedPlanHeader header;
    PlanFingerprint fingerprint;
    std::string summary;  // "2 to add, 0 to change, 1 to destroy", as saved
};

// The objects of `observed` a plan depends on: with no project, every object
// of the stack; with one, the containers of the plan's scope and targets;
// always the stack's networks and volumes and the foreign holders of names.
std::vector<ObservedObject> touched_objects(const ObservedState& observed, const Plan& plan,
                                            const std::string& project);

// sha256 over a canonical text of everything the executor reads from the
// plan: actions with their specs (by config hash and live fields), ids,
// orders, waits, dependencies, and the scope.
std::string plan_digest(const Plan& plan);

// The file's text: render_plan_json's document (secrets masked) with the
// `saved_plan` section added.
std::string write_saved_plan(const Plan& plan, const SavedPlanHeader& header, const PlanFingerprint& fp);

// Throws Error(invalid_input) with one line naming `path` when the text is
// not JSON, has no `saved_plan` section, or is of a newer format_version.
SavedPlan read_saved_plan(const std::string& path, const std::string& text);

// What changed between the fingerprint saved and the one computed now, one
// phrase per change ("container web-1 went (id 1a2b3c4d5e6f)", "topology
// file t.yaml changed"); empty = the saved plan is still the plan.
std::vector<std::string> staleness(const PlanFingerprint& saved, const PlanFingerprint& now);

}  // namespace infractl
