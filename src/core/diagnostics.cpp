#include "infractl/core/diagnostics.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <tuple>

#include <fmt/format.h>

namespace infractl {

namespace {

// Longest message or hint printed whole: enough for any real message (a long
// dependency cycle included), short enough that a 100 kB line of a hostile
// file does not become a 100 kB error line.
constexpr std::size_t kMaxPartBytes = 512;

// A code point that must not reach a terminal raw: C0 and C1 controls (a
// newline would break the one-line form, ESC sequences can rewrite the
// screen) and the bidi controls that make text display in another order.
bool unprintable(std::uint32_t cp) {
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

// Decodes one UTF-8 sequence at s[i]; `len` is its length (1 for a stray byte,
// which is passed through as it is).
std::uint32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
    auto b = static_cast<unsigned char>(s[i]);
    len = 1;
    if (b < 0x80) return b;
    std::size_t n = (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4 : 1;
    if (n == 1 || i + n > s.size()) return 0xfffd;
    std::uint32_t cp = b & (0x7f >> n);
    for (std::size_t k = 1; k < n; ++k) {
        auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xc0) != 0x80) return 0xfffd;
        cp = (cp << 6) | (c & 0x3f);
    }
    len = n;
    return cp;
}

std::string escaped(std::uint32_t cp) {
    switch (cp) {
        case '\n': return "\\n";
        case '\r': return "\\r";
        case '\t': return "\\t";
        default: return cp < 0x100 ? fmt::format("\\x{:02x}", cp) : fmt::format("\\u{:04x}", cp);
    }
}

// `s` as one printable line, cut after about kMaxPartBytes at a character
// boundary with a note of how much was left out.
std::string one_line(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (out.size() >= kMaxPartBytes) {
            return out + fmt::format("... ({} more bytes)", s.size() - i);
        }
        std::size_t len = 1;
        std::uint32_t cp = decode(s, i, len);
        if (unprintable(cp)) out += escaped(cp);
        else out.append(s.substr(i, len));
        i += len;
    }
    return out;
}

}  // namespace

std::string Diagnostic::str() const {
    std::string out = one_line(loc.str());
    if (!out.empty()) out += ": ";
    if (severity == Severity::warning) out += "warning: ";
    out += one_line(message);
    if (!hint.empty()) out += fmt::format(" (hint: {})", one_line(hint));
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
