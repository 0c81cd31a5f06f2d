// Plan -> text (terraform's style) and JSON (docs/plan-json.md).
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "infractl/core/redact.hpp"
#include "infractl/plan/render.hpp"

namespace infractl {

namespace {

constexpr const char* kReset = "\x1b[0m";

std::string colored_symbol(ActionKind k, bool color) {
    std::string s = symbol(k);
    if (!color) return s;
    if (s == "+") return std::string("\x1b[32m+") + kReset;
    if (s == "~") return std::string("\x1b[33m~") + kReset;
    if (s == "-") return std::string("\x1b[31m-") + kReset;
    return std::string("\x1b[31m-") + kReset + "/\x1b[32m+" + kReset;
}

const char* object_word(ActionKind k) {
    switch (k) {
        case ActionKind::create_network:
        case ActionKind::remove_network: return "network";
        case ActionKind::create_volume:
        case ActionKind::remove_volume: return "volume";
        case ActionKind::create_service:
        case ActionKind::update_service:
        case ActionKind::remove_service: return "service";
        default: return "container";
    }
}

// What follows "name (service)" on the action's first line.
std::string headline_suffix(const Action& a) {
    switch (a.kind) {
        case ActionKind::start: return ": start";
        case ActionKind::update: return ": update in place";
        case ActionKind::reconnect: return ": reconnect";
        case ActionKind::recreate:
            return a.order == ReplaceOrder::start_first ? ": replace (start first)" : ": replace (stop first)";
        case ActionKind::update_service: return ": update";
        case ActionKind::remove:
        case ActionKind::remove_network:
        case ActionKind::remove_volume:
        case ActionKind::remove_service: return ": " + a.reason;
        default: return "";
    }
}

bool reason_as_comment(const Action& a) {
    return (a.kind == ActionKind::start || a.kind == ActionKind::recreate || a.kind == ActionKind::reconnect) &&
           a.changes.empty() && !a.reason.empty();
}

// A changed value as printed: "(none)" for nothing, a secret masked whole,
// any other value with the passwords of its URLs masked.
std::string masked(const std::string& value, bool sensitive, const RenderOptions& opts) {
    if (opts.show_secrets || value.empty()) return value;
    return sensitive ? kSensitive : mask_url_passwords(value);
}

std::string shown(const std::string& value, bool sensitive, const RenderOptions& opts) {
    return value.empty() ? "(none)" : masked(value, sensitive, opts);
}

std::string render_action(const Action& a, const RenderOptions& opts) {
    std::string out = fmt::format("  {} {} {}", colored_symbol(a.kind, opts.color), object_word(a.kind), a.target);
    if (!a.service.service.empty()) out += " (" + a.service.str() + ")";
    out += headline_suffix(a) + "\n";
    for (const auto& c : a.changes)
        out += fmt::format("      {}: {} -> {}\n", c.field, shown(c.from, c.sensitive, opts),
                           shown(c.to, c.sensitive, opts));
    if (reason_as_comment(a)) out += "      # " + a.reason + "\n";
    return out;
}

std::string render_build(const ImageBuild& b, const RenderOptions& opts) {
    std::string services;
    for (const auto& k : b.services) services += (services.empty() ? "" : ", ") + k.str();
    std::string out = fmt::format("  {} image {} ({}): build, {}\n", colored_symbol(ActionKind::create, opts.color),
                                  b.image, services, b.reason);
    out += fmt::format("      context: {}, dockerfile: {}{}\n", b.build.context, b.build.dockerfile,
                       b.build.target.empty() ? "" : ", target: " + b.build.target);
    return out;
}

std::string render_conflict(const Conflict& c, const RenderOptions& opts) {
    std::string head = opts.color ? std::string("\x1b[1;31merror:") + kReset : "error:";
    if (!c.hint.empty()) return fmt::format("{} {} (hint: {})\n", head, c.detail, c.hint);
    return fmt::format("{} {} (hint: remove or rename it; infractl never takes over objects it did not create)\n",
                       head, c.detail);
}

}  // namespace

std::string render_plan_text(const Plan& plan, const RenderOptions& opts) {
    std::string out = fmt::format("infractl plan: stack '{}', profile '{}'\n\n", plan.stack, plan.profile);
    if (plan.empty() && plan.conflicts.empty())
        return out + fmt::format("No changes. Stack '{}' matches the topology and profile '{}'.\n", plan.stack,
                                 plan.profile);
    for (const auto& b : plan.builds) out += render_build(b, opts);
    if (!plan.builds.empty()) out += "\n";
    for (const auto& a : plan.actions) out += render_action(a, opts);
    if (!plan.actions.empty()) out += "\n";
    for (const auto& c : plan.conflicts) out += render_conflict(c, opts);
    if (!plan.conflicts.empty()) out += "\n";
    out += fmt::format("Plan: {}{} to add, {} to change, {} to destroy.\n",
                       plan.builds.empty() ? "" : fmt::format("{} to build, ", plan.builds.size()), plan.to_add(),
                       plan.to_change(), plan.to_destroy());
    return out;
}

std::string render_plan_json(const Plan& plan, const RenderOptions& opts) {
    using json = nlohmann::ordered_json;
    json actions = json::array();
    for (const auto& a : plan.actions) {
        json changes = json::array();
        for (const auto& c : a.changes) {
            changes.push_back({{"field", c.field},
                               {"from", masked(c.from, c.sensitive, opts)},
                               {"to", masked(c.to, c.sensitive, opts)}});
        }
        json service = a.service.service.empty() ? json(nullptr) : json(a.service.str());
        json replica = a.replica > 0 ? json(a.replica) : json(nullptr);
        actions.push_back({{"action", to_string(a.kind)},
                           {"target", a.target},
                           {"service", service},
                           {"replica", replica},
                           {"reason", a.reason},
                           {"changes", changes}});
    }
    json conflicts = json::array();
    for (const auto& c : plan.conflicts)
        conflicts.push_back({{"object", c.object}, {"name", c.name}, {"detail", c.detail}, {"hint", c.hint}});
    json doc = {{"format_version", 1},
                {"stack", plan.stack},
                {"profile", plan.profile},
                {"actions", actions},
                {"conflicts", conflicts},
                {"summary", {{"add", plan.to_add()}, {"change", plan.to_change()}, {"destroy", plan.to_destroy()}}}};
    if (!plan.builds.empty()) {
        json builds = json::array();
        for (const auto& b : plan.builds) {
            json services = json::array();
            for (const auto& k : b.services) services.push_back(k.str());
            builds.push_back({{"image", b.image},
                              {"services", services},
                              {"context", b.build.context},
                              {"dockerfile", b.build.dockerfile},
                              {"target", b.build.target},
                              {"reason", b.reason}});
        }
        doc["builds"] = builds;
    }
    // Values can come from the environment as any bytes: invalid UTF-8 is
    // printed as U+FFFD instead of failing the whole command.
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace infractl
