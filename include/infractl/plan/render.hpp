#pragma once
// Plan -> text (terraform's style) or JSON (schema in docs/plan-json.md).
// Secret environment values print as "(sensitive)" unless show_secrets.
#include <string>

#include "infractl/plan/plan.hpp"
#include "infractl/resolve/desired_state.hpp"

namespace infractl {

struct RenderOptions {
    bool color = false;
    bool show_secrets = false;
};

std::string render_plan_text(const Plan& plan, const RenderOptions& opts);
std::string render_plan_json(const Plan& plan, const RenderOptions& opts);

// Desired state (`infractl render`).
std::string render_state_text(const DesiredState& state, const RenderOptions& opts);
std::string render_state_json(const DesiredState& state, const RenderOptions& opts);

}  // namespace infractl
