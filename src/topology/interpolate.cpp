#include "infractl/topology/interpolate.hpp"

#include <cctype>

#include <fmt/format.h>

namespace infractl {

namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A default inside a default (${A:-${B:-x}}) is a recursion: a hostile file
// nesting them 20000 deep overflowed the stack (a segfault). Real files nest
// two or three.
constexpr int kMaxNesting = 32;

// A recursive-descent expander. `active` is false inside a default or
// alternative that will not be used: its syntax is still checked, but no
// variable is looked up and no "unset" error is raised.
class Expander {
public:
    Expander(std::string_view text, const EnvLookup& env) : s_(text), env_(env) {}

    std::variant<std::string, InterpolationError> run() {
        std::string out;
        expand(out, false, true);
        if (error_) return *error_;
        return out;
    }

private:
    // Expands until the end, or until the '}' that closes the current ${...}
    // when `in_braces` (the '}' is consumed). Returns false on error.
    bool expand(std::string& out, bool in_braces, bool active) {
        while (i_ < s_.size()) {
            char c = s_[i_];
            if (in_braces && c == '}') {
                ++i_;
                return true;
            }
            if (c != '$') {
                out += c;
                ++i_;
                continue;
            }
            if (!dollar(out, active)) return false;
        }
        if (in_braces) return fail(fmt::format("unterminated '${{' in '{}'", s_), "close it with '}', or write $$ for a literal '$'");
        return true;
    }

    bool dollar(std::string& out, bool active) {
        ++i_;  // '$'
        if (i_ >= s_.size()) {
            out += '$';
            return true;
        }
        char c = s_[i_];
        if (c == '$') {
            out += '$';
            ++i_;
            return true;
        }
        if (c == '{') {
            ++i_;
            return braced(out, active);
        }
        if (!name_start(c)) {
            out += '$';
            return true;
        }
        std::string name = take_name();
        return substitute(out, name, active);
    }

    std::string take_name() {
        std::size_t start = i_;
        while (i_ < s_.size() && name_char(s_[i_])) ++i_;
        return std::string(s_.substr(start, i_ - start));
    }

    bool braced(std::string& out, bool active) {
        if (i_ >= s_.size() || !name_start(s_[i_]))
            return fail(fmt::format("invalid variable reference in '{}'", s_),
                        "write ${NAME} with letters, digits and '_', or $$ for a literal '$'");
        std::string name = take_name();
        if (i_ >= s_.size()) return fail(fmt::format("unterminated '${{' in '{}'", s_), "close it with '}', or write $$ for a literal '$'");
        if (s_[i_] == '}') {
            ++i_;
            return substitute(out, name, active);
        }
        bool colon = s_[i_] == ':';
        if (colon) ++i_;
        char op = i_ < s_.size() ? s_[i_] : '\0';
        if (op != '-' && op != '?' && op != '+')
            return fail(fmt::format("invalid variable reference '${{{}' in '{}'", name, s_),
                        "use ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message} or ${VAR:+value}");
        ++i_;
        return operation(out, name, colon, op, active);
    }

    bool operation(std::string& out, const std::string& name, bool colon, char op, bool active) {
        std::optional<std::string> value = active ? env_(name) : std::optional<std::string>{""};
        bool usable = value && !(colon && value->empty());
        bool use_word = (op == '-' && !usable) || (op == '+' && usable) || (op == '?' && !usable);
        std::string word;
        if (depth_ >= kMaxNesting)
            return fail(fmt::format("variable references nested more than {} deep in '{}'", kMaxNesting, s_),
                        "write the value out instead of nesting another ${...} in the default");
        ++depth_;
        bool ok = expand(word, true, active && use_word);
        --depth_;
        if (!ok) return false;
        if (!active) return true;
        if (op == '?' && !usable) {
            std::string what = colon ? "is not set or empty" : "is not set";
            std::string msg = word.empty() ? fmt::format("variable '{}' {}", name, what)
                                           : fmt::format("variable '{}' {}: {}", name, what, word);
            return fail(msg, fmt::format("export {} before running infractl", name));
        }
        if (op == '+') out += usable ? word : std::string{};
        else out += use_word ? word : *value;
        return true;
    }

    bool substitute(std::string& out, const std::string& name, bool active) {
        if (!active) return true;
        auto value = env_(name);
        if (!value)
            return fail(fmt::format("variable '{}' is not set and has no default", name),
                        fmt::format("export it, or write ${{{}:-value}}", name));
        out += *value;
        return true;
    }

    bool fail(std::string message, std::string hint) {
        if (!error_) error_ = InterpolationError{std::move(message), std::move(hint)};
        return false;
    }

    std::string_view s_;
    const EnvLookup& env_;
    std::size_t i_ = 0;
    int depth_ = 0;
    std::optional<InterpolationError> error_;
};

}  // namespace

std::variant<std::string, InterpolationError> interpolate(std::string_view text, const EnvLookup& env) {
    if (text.find('$') == std::string_view::npos) return std::string(text);
    return Expander(text, env).run();
}

}  // namespace infractl
