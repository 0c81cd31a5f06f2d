// Diagnostic::str() is one printable line whatever the input file held:
// control characters and bidi overrides escaped, endless values cut.
#include <catch2/catch.hpp>

#include "infractl/core/diagnostics.hpp"

using namespace infractl;

namespace {
std::string line_of(std::string message, std::string hint = {}) {
    Diagnostic d{Severity::error, Location{"t.yaml", 3, 5}, std::move(message), std::move(hint)};
    return d.str();
}
}  // namespace

TEST_CASE("diagnostics escape what could break the line or the terminal", "[diagnostics][input]") {
    static const struct {
        std::string message;
        std::string line;
    } cases[] = {
        {"unknown key 'ima\nge'", "t.yaml:3:5: unknown key 'ima\\nge'"},
        {"unknown key '\x1b[2J\x1b[31mimage'", "t.yaml:3:5: unknown key '\\x1b[2J\\x1b[31mimage'"},
        {"a\tb\rc\x7f", "t.yaml:3:5: a\\tb\\rc\\x7f"},
        {"bidi '\u202eredis'", "t.yaml:3:5: bidi '\\u202eredis'"},
        {"C1 '\u009b2J'", "t.yaml:3:5: C1 '\\x9b2J'"},
        {"unicode r\u00e9dis \U0001F680 stays", "t.yaml:3:5: unicode r\u00e9dis \U0001F680 stays"},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        CHECK(line_of(c.message) == c.line);
    }
    CHECK(line_of("m", "use\na list") == "t.yaml:3:5: m (hint: use\\na list)");
}

TEST_CASE("diagnostics cut a message that runs on - at a character boundary", "[diagnostics][input]") {
    std::string line = line_of("got '" + std::string(100000, '9') + "'");
    CHECK(line.size() < 600);
    CHECK(line.find("... (99494 more bytes)") != std::string::npos);
    std::string accents;
    for (int i = 0; i < 400; ++i) accents += "\u00e9";  // 2 bytes each
    std::string cut = line_of(accents);
    CHECK(cut.find("\u00e9... (288 more bytes)") != std::string::npos);
}
