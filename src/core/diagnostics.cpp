#include "infractl/core/diagnostics.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace infractl {

std::string Diagnostic::str() const {
    std::string out = loc.str();
    if (!out.empty()) out += ": ";
    if (severity == Severity::warning) out += "warning: ";
    out += message;
    if (!hint.empty()) out += fmt::format(" (hint: {})", hint);
    return out;
}

void Diagnostics::error(Location loc, std::string message, std::string hint) {
    items_.push_back({Severity::error, std::move(loc), std::move(message), std::move(hint)});
}

void Diagnostics::warning(Location loc, std::string message, std::string hint) {
    items_.push_back({Severity::warning, std::move(loc), std::move(message), std::move(hint)});
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

int Diagnostics::error_count() const {
    return static_cast<int>(std::count_if(items_.begin(), items_.end(),
                                          [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::vector<Diagnostic> Diagnostics::sorted() const {
    std::vector<Diagnostic> out = items_;
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.loc.file, a.loc.line, a.loc.column, a.message) <
               std::tie(b.loc.file, b.loc.line, b.loc.column, b.message);
    });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const Diagnostic& a, const Diagnostic& b) {
                              return a.loc == b.loc && a.message == b.message;
                          }),
              out.end());
    return out;
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}
}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    const std::string* best = nullptr;
    std::size_t best_d = 0;
    for (const auto& c : candidates) {
        std::size_t d = edit_distance(word, c);
        if (!best || d < best_d) {
            best = &c;
            best_d = d;
        }
    }
    // Allow roughly one typo per three letters, at least one, at most three.
    std::size_t allowed = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    if (!best || best_d > allowed) return {};
    return fmt::format("did you mean '{}'?", *best);
}

}  // namespace infractl
