#include "infractl/plan/plan.hpp"

namespace infractl {

const char* to_string(ActionKind k) {
    switch (k) {
        case ActionKind::create_network: return "create_network";
        case ActionKind::create_volume: return "create_volume";
        case ActionKind::create: return "create";
        case ActionKind::start: return "start";
        case ActionKind::update: return "update";
        case ActionKind::reconnect: return "reconnect";
        case ActionKind::recreate: return "recreate";
        case ActionKind::remove: return "remove";
        case ActionKind::remove_network: return "remove_network";
        case ActionKind::remove_volume: return "remove_volume";
        case ActionKind::create_service: return "create_service";
        case ActionKind::update_service: return "update_service";
        case ActionKind::remove_service: return "remove_service";
    }
    return "?";
}

const char* symbol(ActionKind k) {
    switch (k) {
        case ActionKind::create_network:
        case ActionKind::create_volume:
        case ActionKind::create:
        case ActionKind::create_service: return "+";
        case ActionKind::start:
        case ActionKind::update:
        case ActionKind::reconnect:
        case ActionKind::update_service: return "~";
        case ActionKind::recreate: return "-/+";
        case ActionKind::remove:
        case ActionKind::remove_network:
        case ActionKind::remove_volume:
        case ActionKind::remove_service: return "-";
    }
    return "?";
}

// A replace counts once as an add and once as a destroy, as in terraform.
int Plan::to_add() const {
    int n = 0;
    for (const auto& a : actions) {
        const std::string s = symbol(a.kind);
        n += s == "+" || s == "-/+";
    }
    return n;
}

int Plan::to_change() const {
    int n = 0;
    for (const auto& a : actions) n += std::string(symbol(a.kind)) == "~";
    return n;
}

int Plan::to_destroy() const {
    int n = 0;
    for (const auto& a : actions) {
        const std::string s = symbol(a.kind);
        n += s == "-" || s == "-/+";
    }
    return n;
}

}  // namespace infractl
