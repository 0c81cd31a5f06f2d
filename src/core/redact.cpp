#include "infractl/core/redact.hpp"

#include <cctype>

namespace infractl {

namespace {

bool scheme_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// The authority of a URL ends at its path, query or fragment, or where the
// value goes on with something else (a space, a quote, a list separator).
bool authority_end(char c) {
    return c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == ';' ||
           std::isspace(static_cast<unsigned char>(c));
}

struct Span {
    std::size_t begin = 0, end = 0;  // the password, [begin, end)
};

// The password of the URL whose "://" is at `sep`, if it has one. Passwords
// with a raw '@' are common (nobody percent-encodes by hand): the userinfo
// runs to the LAST '@' of the authority.
bool password_at(std::string_view text, std::size_t sep, Span& out) {
    if (sep == 0 || !scheme_char(text[sep - 1])) return false;
    std::size_t start = sep + 3, end = start;
    while (end < text.size() && !authority_end(text[end])) ++end;
    std::size_t at = text.substr(start, end - start).rfind('@');
    if (at == std::string_view::npos) return false;
    std::size_t colon = text.substr(start, at).find(':');
    if (colon == std::string_view::npos || colon + 1 == at) return false;
    out = {start + colon + 1, start + at};
    return true;
}

}  // namespace

std::string mask_url_passwords(std::string_view text) {
    std::string out;
    std::size_t copied = 0;
    std::size_t from = 0;
    for (std::size_t sep; (sep = text.find("://", from)) != std::string_view::npos;) {
        Span pw;
        from = sep + 3;
        if (!password_at(text, sep, pw)) continue;
        out.append(text.substr(copied, pw.begin - copied));
        out += kSensitive;
        copied = from = pw.end;
    }
    out.append(text.substr(copied));
    return out;
}

bool has_url_password(std::string_view text) {
    Span pw;
    for (std::size_t sep = text.find("://"); sep != std::string_view::npos; sep = text.find("://", sep + 3))
        if (password_at(text, sep, pw)) return true;
    return false;
}

}  // namespace infractl
