#include "infractl/plan/render_state_util.hpp"

#include "infractl/core/redact.hpp"

#include <cctype>
#include <string_view>

namespace infractl {

namespace {
bool plain(const std::string& s) {
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (!(std::isalnum(c) || std::string_view("_./:=@%+,-").find(static_cast<char>(c)) != std::string_view::npos))
            return false;
    return true;
}
}  // namespace

std::string shell_join(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& a : args) {
        if (!out.empty()) out += ' ';
        if (plain(a)) {
            out += a;
            continue;
        }
        out += '\'';
        for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        out += '\'';
    }
    return out;
}

const char* dependency_condition_word(DependCondition c) {
    switch (c) {
        case DependCondition::service_started: return "started";
        case DependCondition::service_healthy: return "healthy";
        case DependCondition::service_completed_successfully: return "completed successfully";
    }
    return "started";
}

std::string restart_text(RestartPolicy p, int max_retries) {
    std::string out = to_string(p);
    if (p == RestartPolicy::on_failure && max_retries > 0) out += ":" + std::to_string(max_retries);
    return out;
}

std::string shown_env(const EnvValue& v, const RenderOptions& opts) {
    if (opts.show_secrets) return v.value;
    return v.secret ? kSensitive : mask_url_passwords(v.value);
}

std::string shown_text(const std::string& text, const RenderOptions& opts) {
    return opts.show_secrets ? text : mask_url_passwords(text);
}

std::vector<std::string> shown_args(const std::vector<std::string>& args, const RenderOptions& opts) {
    std::vector<std::string> out;
    for (const auto& a : args) out.push_back(shown_text(a, opts));
    return out;
}

std::map<std::string, std::string> user_labels(const std::map<std::string, std::string>& labels) {
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : labels)
        if (k.rfind("io.infractl.", 0) != 0) out[k] = v;
    return out;
}

}  // namespace infractl
