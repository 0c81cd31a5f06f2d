#include "infractl/plan/filter.hpp"

#include <set>

namespace infractl {

Plan filter_plan(const Plan& plan, const std::function<bool(const Action&)>& keep) {
    Plan out;
    out.stack = plan.stack;
    out.profile = plan.profile;
    out.conflicts = plan.conflicts;
    out.scope = plan.scope;

    const std::size_t n = plan.actions.size();
    std::vector<long> new_index(n, -1);
    // For each action, the kept actions it must wait for, directly or through
    // dropped ones. `after` only points backwards, so one forward pass works.
    std::vector<std::set<std::size_t>> kept_deps(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t d : plan.actions[i].after) {
            if (new_index[d] >= 0)
                kept_deps[i].insert(static_cast<std::size_t>(new_index[d]));
            else
                kept_deps[i].insert(kept_deps[d].begin(), kept_deps[d].end());
        }
        if (!keep(plan.actions[i])) continue;
        new_index[i] = static_cast<long>(out.actions.size());
        Action a = plan.actions[i];
        a.after.assign(kept_deps[i].begin(), kept_deps[i].end());
        out.actions.push_back(std::move(a));
    }
    return out;
}

}  // namespace infractl
