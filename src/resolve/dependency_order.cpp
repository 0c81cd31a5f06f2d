#include "infractl/resolve/dependency_order.hpp"

#include <set>

namespace infractl {

bool start_order_less(const ServiceKey& a, const ServiceKey& b) {
    bool ga = a.project == kGlobalProject, gb = b.project == kGlobalProject;
    if (ga != gb) return ga;
    if (a.project != b.project) return a.project < b.project;
    return a.service < b.service;
}

std::vector<std::size_t> dependency_order(const std::vector<ServiceKey>& nodes,
                                          const std::vector<std::vector<std::size_t>>& deps) {
    const std::size_t n = nodes.size();
    auto less = [&nodes](std::size_t a, std::size_t b) {
        if (start_order_less(nodes[a], nodes[b])) return true;
        if (start_order_less(nodes[b], nodes[a])) return false;
        return a < b;
    };
    std::vector<std::size_t> waiting(n, 0);
    std::vector<std::vector<std::size_t>> dependents(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::set<std::size_t> uniq(deps[i].begin(), deps[i].end());
        for (std::size_t d : uniq) {
            if (d == i || d >= n) continue;
            ++waiting[i];
            dependents[d].push_back(i);
        }
    }
    std::set<std::size_t, decltype(less)> ready(less);
    for (std::size_t i = 0; i < n; ++i)
        if (waiting[i] == 0) ready.insert(i);

    std::vector<std::size_t> order;
    order.reserve(n);
    std::vector<bool> placed(n, false);
    while (!ready.empty()) {
        std::size_t next = *ready.begin();
        ready.erase(ready.begin());
        order.push_back(next);
        placed[next] = true;
        for (std::size_t d : dependents[next])
            if (--waiting[d] == 0) ready.insert(d);
    }
    if (order.size() < n) {
        std::set<std::size_t, decltype(less)> rest(less);
        for (std::size_t i = 0; i < n; ++i)
            if (!placed[i]) rest.insert(i);
        order.insert(order.end(), rest.begin(), rest.end());
    }
    return order;
}

}  // namespace infractl
