// A saved plan's file: the plan JSON plus its `saved_plan` section
// (docs/history.md, "Saved plans").
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "infractl/core/error.hpp"
#include "infractl/plan/render.hpp"
#include "infractl/plan/saved_plan.hpp"

namespace infractl {

namespace {

using J = nlohmann::ordered_json;
constexpr const char* kReplanHint = "write a new one with: infractl plan --out FILE";

J fingerprint_json(const PlanFingerprint& fp) {
    J inputs = J::array();
    for (const auto& d : fp.inputs) inputs.push_back({{"role", d.role}, {"path", d.path}, {"sha256", d.sha256}});
    J observed = J::array();
    for (const auto& o : fp.observed) {
        J j = {{"kind", o.kind}, {"name", o.name}, {"id", o.id}};
        if (o.kind == "container")
            j.update(J{{"state", o.state}, {"config_hash", o.config_hash}, {"image_id", o.image_id}});
        j["owned"] = o.owned;
        observed.push_back(j);
    }
    return {{"inputs", inputs}, {"desired_sha256", fp.desired_sha256}, {"observed", observed},
            {"plan_sha256", fp.plan_sha256}};
}

PlanFingerprint fingerprint_from(const nlohmann::json& j) {
    PlanFingerprint fp;
    for (const auto& d : j.at("inputs"))
        fp.inputs.push_back({d.at("role").get<std::string>(), d.at("path").get<std::string>(),
                             d.at("sha256").get<std::string>()});
    fp.desired_sha256 = j.at("desired_sha256").get<std::string>();
    for (const auto& o : j.at("observed"))
        fp.observed.push_back({o.at("kind").get<std::string>(), o.at("name").get<std::string>(),
                               o.at("id").get<std::string>(), o.value("state", ""), o.value("config_hash", ""),
                               o.value("image_id", ""), o.at("owned").get<bool>()});
    fp.plan_sha256 = j.at("plan_sha256").get<std::string>();
    return fp;
}

Error unreadable(const std::string& path, const std::string& why) {
    return Error(ErrorKind::invalid_input, fmt::format("{}: not a saved plan: {}", path, why), kReplanHint);
}

}  // namespace

std::string write_saved_plan(const Plan& plan, const SavedPlanHeader& header, const PlanFingerprint& fp) {
    J doc = J::parse(render_plan_json(plan, RenderOptions{false, false}));
    doc["saved_plan"] = {{"format_version", header.version},
                         {"stack", header.stack},
                         {"profile", header.profile},
                         {"backend", header.backend},
                         {"project", header.project},
                         {"fingerprint", fingerprint_json(fp)}};
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

SavedPlan read_saved_plan(const std::string& path, const std::string& text) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw unreadable(path, fmt::format("corrupt JSON at byte {}", e.byte));
    }
    if (!doc.is_object() || !doc.contains("saved_plan") || !doc["saved_plan"].is_object())
        throw unreadable(path, "no 'saved_plan' section (is it `plan -o json` output?)");
    const auto& sp = doc["saved_plan"];
    try {
        SavedPlan out;
        out.header.version = sp.at("format_version").get<int>();
        if (out.header.version > kSavedPlanVersion)
            throw Error(ErrorKind::invalid_input,
                        fmt::format("{}: saved plan format_version {} is newer than this infractl reads ({})", path,
                                    out.header.version, kSavedPlanVersion),
                        "apply it with the infractl that wrote it, or plan again with this one");
        if (out.header.version < 1) throw unreadable(path, fmt::format("format_version {}", out.header.version));
        out.header.stack = sp.at("stack").get<std::string>();
        out.header.profile = sp.at("profile").get<std::string>();
        out.header.backend = sp.at("backend").get<std::string>();
        out.header.project = sp.at("project").get<std::string>();
        out.fingerprint = fingerprint_from(sp.at("fingerprint"));
        const auto& sum = doc.at("summary");
        out.summary = fmt::format("{} to add, {} to change, {} to destroy", sum.at("add").get<int>(),
                                  sum.at("change").get<int>(), sum.at("destroy").get<int>());
        return out;
    } catch (const nlohmann::json::exception& e) {
        throw unreadable(path, fmt::format("damaged saved_plan section ({})", e.what()));
    }
}

}  // namespace infractl
