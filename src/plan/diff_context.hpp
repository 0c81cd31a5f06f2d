#pragma once
// State shared by the steps of diff(): the plan being built and the indices
// later actions must wait for. Private to src/plan.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "infractl/plan/diff.hpp"

namespace infractl::diff_detail {

struct DiffContext {
    const DesiredState& desired;
    const ObservedState& observed;
    const DiffOptions& opts;
    Plan plan;
    std::set<ServiceKey> in_scope;
    std::map<std::string, std::size_t> created_objects;  // network/volume name -> create action
    std::map<ServiceKey, std::vector<std::size_t>> service_actions;
    std::set<std::string> removed_ids;       // containers this plan removes or replaces
    std::set<std::string> taken_containers;  // names held by foreign containers

    std::size_t add(Action a) {
        plan.actions.push_back(std::move(a));
        return plan.actions.size() - 1;
    }
};

// Steps of diff(), in the order they append actions.
void diff_conflicts(DiffContext& cx);
void diff_pg_major(DiffContext& cx);
void diff_objects_to_create(DiffContext& cx);
void diff_service(DiffContext& cx, const DesiredService& s);
void diff_undeclared_containers(DiffContext& cx);
void diff_objects_to_remove(DiffContext& cx);

std::vector<const ObservedContainer*> containers_of(const ObservedState& observed, const ServiceKey& key);

}  // namespace infractl::diff_detail
