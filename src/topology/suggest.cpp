#include "suggest.hpp"

#include <utility>

#include <fmt/format.h>

namespace infractl {

namespace {

bool one_swap_apart(const std::string& a, const std::string& b) {
    if (a.size() != b.size() || a == b) return false;
    std::size_t i = 0;
    while (a[i] == b[i]) ++i;
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.compare(i + 2, std::string::npos, b, i + 2) == 0;
}

}  // namespace

std::string suggest(const std::string& word, const std::vector<std::string>& candidates) {
    std::string hint = did_you_mean(word, candidates);
    if (!hint.empty()) return hint;
    for (const auto& c : candidates)
        if (one_swap_apart(word, c)) return fmt::format("did you mean '{}'?", c);
    return {};
}

}  // namespace infractl
