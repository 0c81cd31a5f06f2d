// infractl(1), in man(7) roff, from describe_cli: every command and option
// as --help lists them, then the fixed sections (exit status, environment).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>

#include "infractl/cli/cli_model.hpp"

namespace infractl::cli {

namespace {

// Text safe for roff: backslashes and dashes escaped, no line starting with
// a control character.
std::string roff(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            out += "\\-";
        } else {
            out.push_back(c);
        }
    }
    if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
    return out;
}

std::string option_lines(const std::vector<OptionModel>& options) {
    std::string out;
    for (const auto& o : options) {
        out += ".TP\n";
        std::string names;
        for (const auto& n : o.names) names += (names.empty() ? "" : ", ") + ("\\fB" + roff(n) + "\\fR");
        if (o.takes_value) names += " \\fI" + roff(o.value_name) + "\\fR";
        out += names + "\n" + roff(o.help) + "\n";
    }
    return out;
}

std::string synopsis(const CommandModel& c) {
    std::string s = "infractl " + c.path;
    if (!c.children.empty()) s += " {" + fmt::format("{}", fmt::join(c.children, "|")) + "}";
    if (!c.options.empty()) s += " [OPTIONS]";
    for (std::size_t i = 0; i < c.positionals.size(); ++i) {
        std::string p = c.positionals[i].names.front();
        for (auto& ch : p) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (i + 1 == c.positionals.size() && c.last_repeats) p += "...";
        s += " [" + p + "]";
    }
    return s;
}

constexpr const char* kFixed = R"ROFF(.SH EXIT STATUS
.TP
.B 0
success; \fBplan \-\-detailed\-exitcode\fR: no changes
.TP
.B 1
validation errors, unknown project or service, refused requests, failed apply, conflicts
.TP
.B 2
\fBplan \-\-detailed\-exitcode\fR: there are changes
.TP
.B 64
bad command line
.TP
.B 69
the engine cannot be reached (socket missing, refused, permission denied)
.TP
.B 75
another infractl holds the stack lock past \fB\-\-lock\-timeout\fR
.TP
.B 130
interrupted (Ctrl\-C, SIGTERM), also how \fBlogs \-\-follow\fR ends
.PP
\fBexec\fR exits with the command's own exit code once it ran.
.SH ENVIRONMENT
.TP
.B INFRACTL_FILE, INFRACTL_PROFILE, INFRACTL_IMAGES, INFRACTL_BACKEND
defaults for \fB\-f\fR, \fB\-\-profile\fR, \fB\-\-images\fR, \fB\-\-backend\fR
.TP
.B INFRACTL_STATE_DIR
where remembered scale counts and stack locks live
.TP
.B DOCKER_HOST
the engine socket, unix:///PATH (default unix:///var/run/docker.sock)
.TP
.B NO_COLOR
no colours
.SH SEE ALSO
.BR docker (1),
docs/cli.md and docs/topology.md in the infractl sources.
)ROFF";

}  // namespace

std::string render_man_page(const std::vector<CommandModel>& cli, const std::string& version) {
    std::string out = fmt::format(".TH INFRACTL 1 \"\" \"infractl {}\" \"User Commands\"\n", roff(version));
    out += ".SH NAME\ninfractl \\- declarative infrastructure for a monorepo of projects on Docker\n";
    out += ".SH SYNOPSIS\n.B infractl\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n";
    out += ".SH DESCRIPTION\n"
           "infractl reads a topology (projects, their services, shared globals) and a profile, and makes a "
           "Docker engine run it: \\fBplan\\fR shows what would change and why, \\fBup\\fR applies it. "
           "Global options may stand before or after the command.\n";
    for (const auto& c : cli) {
        if (c.path.empty()) {
            out += ".SH GLOBAL OPTIONS\n" + option_lines(c.options);
            out += ".SH COMMANDS\n";
            continue;
        }
        out += ".SS \"" + roff(synopsis(c)) + "\"\n";
        out += roff(c.help) + "\n";
        if (!c.aliases.empty()) out += ".br\nAlias: " + roff(fmt::format("{}", fmt::join(c.aliases, ", "))) + ".\n";
        out += option_lines(c.positionals);
        out += option_lines(c.options);
    }
    return out + kFixed;
}

}  // namespace infractl::cli
