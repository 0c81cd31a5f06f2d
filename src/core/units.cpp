#include <algorithm>
#include "infractl/core/units.hpp"

#include <array>
#include <cctype>

#include <fmt/format.h>

namespace infractl {

namespace {

constexpr std::int64_t kMaxBytes = std::int64_t{1} << 62;
constexpr std::int64_t kNanosPerCpu = 1'000'000'000;

// A non-negative decimal number split into its integer part and up to 9
// fraction digits, so unit conversions stay in exact integer arithmetic.
struct Decimal {
    std::int64_t whole = 0;
    std::int64_t frac = 0;       // fraction digits as an integer
    std::int64_t frac_scale = 1;  // 10^(number of fraction digits kept)
};

// Consumes a decimal number at the start of `s`; returns nullopt when there is
// none or it is too large. Fraction digits beyond 9 are dropped (sub-nano).
std::optional<Decimal> take_decimal(std::string_view& s) {
    Decimal d;
    std::size_t i = 0, digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        if (d.whole > (std::int64_t{1} << 62) / 10) return std::nullopt;
        d.whole = d.whole * 10 + (s[i] - '0');
        ++i;
        ++digits;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        std::size_t frac_digits = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            if (frac_digits < 9) {
                d.frac = d.frac * 10 + (s[i] - '0');
                d.frac_scale *= 10;
            }
            ++frac_digits;
            ++i;
        }
        if (frac_digits == 0) return std::nullopt;
        digits += frac_digits;
    }
    if (digits == 0) return std::nullopt;
    s.remove_prefix(i);
    return d;
}

// whole*mult + frac*mult/scale without overflow past `limit`.
std::optional<std::int64_t> scale(const Decimal& d, std::int64_t mult, std::int64_t limit) {
    if (d.whole > limit / mult) return std::nullopt;
    // frac*mult/scale split so no product leaves int64: frac < scale <= 1e9.
    std::int64_t part = (mult / d.frac_scale) * d.frac + (mult % d.frac_scale) * d.frac / d.frac_scale;
    std::int64_t whole = d.whole * mult;
    if (whole > limit - part) return std::nullopt;
    return whole + part;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

// "", "b", "k", "kb", "ki", "kib", ... -> power of 1024, or -1.
int byte_suffix_power(std::string_view suffix) {
    std::string s = lower(suffix);
    if (s.empty() || s == "b") return 0;
    static constexpr std::string_view letters = "kmgt";
    std::size_t p = letters.find(s[0]);
    if (p == std::string_view::npos) return -1;
    std::string_view rest = std::string_view(s).substr(1);
    if (rest.empty() || rest == "b" || rest == "i" || rest == "ib") return static_cast<int>(p) + 1;
    return -1;
}

// Renders whole + frac/10^digits, trimming trailing zeros.
std::string decimal_text(std::int64_t whole, std::int64_t frac, int digits) {
    if (frac == 0) return fmt::format("{}", whole);
    std::string f = fmt::format("{:0{}}", frac, digits);
    while (!f.empty() && f.back() == '0') f.pop_back();
    return fmt::format("{}.{}", whole, f);
}

}  // namespace

std::optional<Bytes> parse_bytes(std::string_view text) {
    std::string t = trim(text);
    std::string_view s = t;
    auto d = take_decimal(s);
    if (!d) return std::nullopt;
    int power = byte_suffix_power(s);
    if (power < 0) return std::nullopt;
    std::int64_t mult = std::int64_t{1} << (10 * power);
    auto v = scale(*d, mult, kMaxBytes);
    if (!v) return std::nullopt;
    return Bytes{*v};
}

std::optional<NanoCpus> parse_cpus(std::string_view text) {
    std::string t = trim(text);
    std::string_view s = t;
    auto d = take_decimal(s);
    if (!d || !s.empty()) return std::nullopt;
    auto v = scale(*d, kNanosPerCpu, 1024 * kNanosPerCpu);
    if (!v || *v <= 0) return std::nullopt;
    return NanoCpus{*v};
}

std::optional<Duration> parse_duration(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, std::int64_t>, 7> units{{
        {"ns", 1},
        {"us", 1'000},
        {"ms", 1'000'000},
        {"s", 1'000'000'000},
        {"m", 60'000'000'000},
        {"h", 3'600'000'000'000},
        {"d", 86'400'000'000'000},
    }};
    constexpr std::int64_t limit = std::int64_t{1} << 62;
    std::string t = trim(text);
    std::string_view s = t;
    if (s.empty()) return std::nullopt;
    std::int64_t total = 0;
    bool first = true;
    while (!s.empty()) {
        auto d = take_decimal(s);
        if (!d) return std::nullopt;
        std::size_t n = 0;
        while (n < s.size() && std::isalpha(static_cast<unsigned char>(s[n]))) ++n;
        std::string_view unit = s.substr(0, n);
        s.remove_prefix(n);
        if (unit.empty() && first && s.empty()) unit = "s";  // bare number = seconds
        std::int64_t mult = 0;
        for (const auto& [name, m] : units)
            if (name == unit) mult = m;
        if (mult == 0) return std::nullopt;
        auto v = scale(*d, mult, limit);
        if (!v || total > limit - *v) return std::nullopt;
        total += *v;
        first = false;
    }
    return Duration{total};
}

std::string format_bytes(Bytes b) {
    static constexpr std::array<char, 4> letters{'k', 'M', 'G', 'T'};
    for (int p = 4; p >= 1; --p) {
        std::int64_t unit = std::int64_t{1} << (10 * p);
        // At most three decimals, and only when they are exact: 1000 = 8 * 125,
        // so v*1000 is a multiple of 2^(10p) iff v is a multiple of 2^(10p-3).
        if (b.value < unit || b.value % (unit >> 3) != 0) continue;
        std::int64_t frac = (b.value % unit) * 1000 / unit;
        return decimal_text(b.value / unit, frac, 3) + letters[static_cast<std::size_t>(p - 1)];
    }
    return fmt::format("{}", b.value);
}

std::int64_t docker_cpu_shares(NanoCpus reservation) {
    std::int64_t shares = (reservation.value * 1024 + kNanosPerCpu / 2) / kNanosPerCpu;
    return std::max<std::int64_t>(shares, 2);
}

NanoCpus cpus_from_docker_shares(std::int64_t shares) { return NanoCpus{shares * kNanosPerCpu / 1024}; }

std::string format_bytes_human(Bytes b) {
    static constexpr std::array<const char*, 4> units{"KiB", "MiB", "GiB", "TiB"};
    if (b.value < 1024 && b.value > -1024) return fmt::format("{} B", b.value);
    double v = static_cast<double>(b.value) / 1024.0;
    std::size_t u = 0;
    while (u + 1 < units.size() && (v >= 1024.0 || v <= -1024.0)) {
        v /= 1024.0;
        ++u;
    }
    return fmt::format("{:.1f} {}", v, units[u]);
}

std::string format_cpus(NanoCpus c) {
    return decimal_text(c.value / kNanosPerCpu, c.value % kNanosPerCpu, 9);
}

std::string format_duration(Duration d) {
    static constexpr std::array<std::pair<const char*, std::int64_t>, 6> units{{
        {"h", 3'600'000'000'000},
        {"m", 60'000'000'000},
        {"s", 1'000'000'000},
        {"ms", 1'000'000},
        {"us", 1'000},
        {"ns", 1},
    }};
    if (d.ns <= 0) return "0s";
    std::string out;
    std::int64_t rest = d.ns;
    for (const auto& [name, m] : units) {
        if (rest >= m) {
            out += fmt::format("{}{}", rest / m, name);
            rest %= m;
        }
    }
    return out;
}

}  // namespace infractl
