// `infractl completion bash|zsh|fish`: the scripts, generated from
// describe_cli (the same CLI11 tree --help prints). Each script is a few
// tables (the commands, their options, what completes each value and
// positional) and one fixed parser that walks the words typed so far. The
// bash and zsh scripts share that parser: zsh runs it with KSH_ARRAYS so its
// arrays index from 0 as bash's do.
#include <fmt/format.h>

#include <set>

#include "infractl/cli/cli_model.hpp"
#include "infractl/core/error.hpp"

namespace infractl::cli {

namespace {

// Options whose values pick the topology: passed on when a script asks
// infractl for project and service names.
constexpr const char* kInputOptions = "-f --file --profile --images";

std::string words(const std::vector<std::string>& w) {
    std::string out;
    for (const auto& x : w) out += (out.empty() ? "" : " ") + x;
    return out;
}

// The five tables, in sh (`sh == true`) or fish syntax.
struct Tables {
    bool sh;
    std::string out;

    // `pattern` is matched literally, but "*" matches anything (sh: unquoted;
    // fish matches wildcards in quoted case patterns too).
    void arm(const std::string& pattern, const std::string& body) {
        std::string p = pattern == "*" && sh ? pattern : "'" + pattern + "'";
        if (sh)
            out += fmt::format("        {}) {} ;;\n", p, body);
        else
            out += fmt::format("        case {}\n            {}\n", p, body);
    }
    void begin(const std::string& name, const std::string& comment, const std::string& subject) {
        out += "# " + comment + "\n";
        if (sh)
            out += fmt::format("{}() {{\n    case \"{}\" in\n", name, subject);
        else
            out += fmt::format("function {}\n    switch \"{}\"\n", name, subject);
    }
    void end(const std::string& after = "") {
        out += sh ? "    esac\n" : "    end\n";
        out += after;
        out += sh ? "}\n\n" : "end\n\n";
    }
    std::string print(const std::string& w) const { return w.empty() ? std::string("true") : "printf '%s\\n' " + w; }
};

std::string tables(const std::vector<CommandModel>& cli, bool sh) {
    Tables t{sh, {}};
    const std::string a1 = sh ? "$1" : "$argv[1]";
    const std::string a2 = sh ? "$2" : "$argv[2]";

    t.begin(sh ? "_infractl_children" : "__infractl_children", "The commands inside command $1 (\"\" = infractl).", a1);
    for (const auto& c : cli) {
        if (c.children.empty()) continue;
        std::vector<std::string> names = c.children;
        for (const auto& d : cli) {
            for (const auto& child : c.children) {
                if (d.path == (c.path.empty() ? child : c.path + " " + child))
                    names.insert(names.end(), d.aliases.begin(), d.aliases.end());
            }
        }
        t.arm(c.path, t.print(words(names)));
    }
    t.end();

    t.begin(sh ? "_infractl_name" : "__infractl_name", "A command's name for one of its aliases.", a1);
    for (const auto& c : cli) {
        std::string last = c.path.substr(c.path.rfind(' ') == std::string::npos ? 0 : c.path.rfind(' ') + 1);
        for (const auto& alias : c.aliases) t.arm(alias, "echo " + last);
    }
    t.arm("*", sh ? "echo \"$1\"" : "echo $argv[1]");
    t.end();

    t.begin(sh ? "_infractl_options" : "__infractl_options", "The options of command $1.", a1);
    for (const auto& c : cli) {
        std::vector<std::string> names;
        for (const auto& o : c.options) names.insert(names.end(), o.names.begin(), o.names.end());
        t.arm(c.path, t.print(words(names)));
    }
    t.end();

    t.begin(sh ? "_infractl_value" : "__infractl_value",
            "What completes the value of option $2 of command $1: a kind, '-' for nothing, empty for a flag.",
            a1 + "|" + a2);
    for (const auto& c : cli) {
        for (const auto& o : c.options) {
            if (!o.takes_value) continue;
            for (const auto& n : o.names) t.arm(c.path + "|" + n, "echo '" + (o.complete.empty() ? "-" : o.complete) + "'");
        }
    }
    t.end();

    t.begin(sh ? "_infractl_positionals" : "__infractl_positionals",
            "What completes the positional arguments of command $1, in order; a last '+' repeats the one before.",
            a1);
    for (const auto& c : cli) {
        if (c.positionals.empty()) continue;
        std::vector<std::string> kinds;
        for (const auto& p : c.positionals) kinds.push_back("'" + (p.complete.empty() ? "-" : p.complete) + "'");
        if (c.last_repeats) kinds.push_back("+");
        t.arm(c.path, t.print(words(kinds)));
    }
    t.end();
    return t.out;
}

// The parser shared by bash and zsh (zsh: with KSH_ARRAYS).
const char* kShParser = R"SH(# Walks the words before the current one: sets _infractl_path (the command,
# "export kubernetes"), _infractl_pos (its positional arguments so far),
# _infractl_files (the options that pick the topology), _infractl_dd (after --)
# and _infractl_pending (the current word is the value of an option: its kind).
_infractl_parse() {
    _infractl_path="" _infractl_pos=() _infractl_files=() _infractl_dd=0 _infractl_pending=""
    local w kind
    while (( $# )); do
        w="$1"; shift
        if (( _infractl_dd )); then _infractl_pos+=("$w"); continue; fi
        if [[ $w == -- ]]; then _infractl_dd=1; continue; fi
        if [[ $w == -* ]]; then
            kind="$(_infractl_value "$_infractl_path" "$w")"
            [[ -z $kind ]] && kind="$(_infractl_value "" "$w")"
            if [[ -n $kind && $w != *=* ]]; then
                if (( $# == 0 )); then _infractl_pending="$kind"; continue; fi
                case " @INPUTS@ " in *" $w "*) _infractl_files+=("$w" "$1") ;; esac
                shift
            fi
            continue
        fi
        if (( ${#_infractl_pos[@]} == 0 )) && _infractl_is_child "$_infractl_path" "$w"; then
            _infractl_path="${_infractl_path:+$_infractl_path }$(_infractl_name "$w")"
            continue
        fi
        _infractl_pos+=("$w")
    done
}

_infractl_is_child() {
    case " $(_infractl_children "$1" | tr '\n' ' ') " in *" $2 "*) return 0 ;; esac
    return 1
}

# What the current word ($1) is: options, children, or a kind (see _infractl_value).
_infractl_what() {
    if [[ -n $_infractl_pending ]]; then echo "$_infractl_pending"; return; fi
    if [[ $1 == -* ]] && (( ! _infractl_dd )); then echo options; return; fi
    if [[ -n "$(_infractl_children "$_infractl_path")" ]] && (( ${#_infractl_pos[@]} == 0 )); then
        echo children; return
    fi
    local kinds=() n=${#_infractl_pos[@]} k
    for k in $(_infractl_positionals "$_infractl_path"); do kinds+=("$k"); done
    if (( ${#kinds[@]} > 0 )) && [[ ${kinds[${#kinds[@]}-1]} == + ]]; then
        kinds=("${kinds[@]:0:${#kinds[@]}-1}")
        (( n >= ${#kinds[@]} )) && n=$(( ${#kinds[@]} - 1 ))
    fi
    if (( ${#kinds[@]} > 0 && n < ${#kinds[@]} )); then echo "${kinds[$n]}"; else echo file; fi
}

# The candidate words of a kind, one per line (files are the shell's own).
_infractl_words() {
    case "$1" in
        options) _infractl_options "$_infractl_path"; [[ -n $_infractl_path ]] && _infractl_options "" ;;
        children) _infractl_children "$_infractl_path" ;;
        project) command infractl "${_infractl_files[@]}" completion --projects 2>/dev/null ;;
        service|assign) command infractl "${_infractl_files[@]}" completion --services "${_infractl_pos[0]}" 2>/dev/null ;;
        words:*) echo "${1#words:}" | tr ',' '\n' ;;
    esac
}
)SH";

const char* kBashMain = R"SH(_infractl() {
    local cur="${COMP_WORDS[COMP_CWORD]}" what
    _infractl_parse "${COMP_WORDS[@]:1:COMP_CWORD-1}"
    what="$(_infractl_what "$cur")"
    case "$what" in
        file) COMPREPLY=($(compgen -f -- "$cur")) ;;
        assign)
            COMPREPLY=($(compgen -S = -W "$(_infractl_words assign)" -- "$cur"))
            compopt -o nospace 2>/dev/null
            ;;
        *) COMPREPLY=($(compgen -W "$(_infractl_words "$what")" -- "$cur")) ;;
    esac
}
complete -F _infractl infractl
)SH";

const char* kZshMain = R"SH(_infractl() {
    setopt localoptions ksharrays
    local cur="${words[CURRENT-1]}" what
    _infractl_parse "${words[@]:1:CURRENT-2}"
    what="$(_infractl_what "$cur")"
    case "$what" in
        file) _files ;;
        assign) compadd -S '=' -- ${(f)"$(_infractl_words assign)"} ;;
        *) compadd -- ${(f)"$(_infractl_words "$what")"} ;;
    esac
}

if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
    _infractl "$@"
else
    compdef _infractl infractl
fi
)SH";

const char* kFishParser = R"FISH(# Walks the tokens before the current one (see the bash script's _infractl_parse).
function __infractl_parse
    set -g __infractl_path ''
    set -g __infractl_pos
    set -g __infractl_files
    set -g __infractl_dd 0
    set -g __infractl_pending ''
    set -l args (commandline -opc)
    set -e args[1]
    set -l n (count $args)
    set -l i 1
    while test $i -le $n
        set -l w $args[$i]
        set i (math $i + 1)
        if test $__infractl_dd = 1
            set -a __infractl_pos $w
            continue
        end
        if test "$w" = --
            set __infractl_dd 1
            continue
        end
        if string match -q -- '-*' $w
            set -l kind (__infractl_value "$__infractl_path" $w)
            test -z "$kind"; and set kind (__infractl_value '' $w)
            if test -n "$kind"; and not string match -q -- '*=*' $w
                if test $i -gt $n
                    set __infractl_pending $kind
                    continue
                end
                contains -- $w @INPUTS@; and set -a __infractl_files $w $args[$i]
                set i (math $i + 1)
            end
            continue
        end
        if test (count $__infractl_pos) -eq 0; and contains -- $w (__infractl_children "$__infractl_path")
            set __infractl_path (string trim -- "$__infractl_path "(__infractl_name $w))
            continue
        end
        set -a __infractl_pos $w
    end
end

function __infractl_what
    if test -n "$__infractl_pending"
        echo $__infractl_pending
        return
    end
    if string match -q -- '-*' "$argv[1]"; and test $__infractl_dd = 0
        echo options
        return
    end
    set -l children (__infractl_children "$__infractl_path")
    if test (count $__infractl_pos) -eq 0 -a (count $children) -gt 0
        echo children
        return
    end
    set -l kinds (__infractl_positionals "$__infractl_path")
    set -l n (math (count $__infractl_pos) + 1)
    if test (count $kinds) -gt 0; and test "$kinds[-1]" = +
        set -e kinds[-1]
        test $n -gt (count $kinds); and set n (count $kinds)
    end
    if test $n -le (count $kinds)
        echo $kinds[$n]
    else
        echo file
    end
end

function __infractl_words
    switch $argv[1]
        case options
            __infractl_options "$__infractl_path"
            test -n "$__infractl_path"; and __infractl_options ''
        case children
            __infractl_children "$__infractl_path"
        case project
            command infractl $__infractl_files completion --projects 2>/dev/null
        case service
            command infractl $__infractl_files completion --services "$__infractl_pos[1]" 2>/dev/null
        case assign
            for s in (command infractl $__infractl_files completion --services "$__infractl_pos[1]" 2>/dev/null)
                echo $s=
            end
        case 'words:*'
            string split , -- (string replace -- 'words:' '' $argv[1])
    end
end

function __infractl_complete
    __infractl_parse
    set -l cur (commandline -ct)
    set -l what (__infractl_what $cur)
    if test "$what" = file
        __fish_complete_path $cur
    else
        __infractl_words $what
    end
end

complete -c infractl -f -a '(__infractl_complete)'
)FISH";

std::string with_inputs(std::string text) {
    auto at = text.find("@INPUTS@");
    if (at != std::string::npos) text.replace(at, 8, kInputOptions);
    return text;
}

}  // namespace

std::string render_completion(const std::vector<CommandModel>& cli, const std::string& shell) {
    std::string head = fmt::format("{} completion for infractl, generated from its command table by "
                                   "`infractl completion {}`.\n",
                                   shell, shell);
    if (shell == "bash")
        return "# " + head + "# Install: source it from ~/.bashrc, or put it in "
                            "/usr/share/bash-completion/completions/infractl.\n\n" +
               tables(cli, true) + with_inputs(kShParser) + "\n" + kBashMain;
    if (shell == "zsh")
        return "#compdef infractl\n# " + head +
               "# Install: name it _infractl in a directory of $fpath, or source it after compinit.\n\n" +
               tables(cli, true) + with_inputs(kShParser) + "\n" + kZshMain;
    if (shell == "fish")
        return "# " + head + "# Install: put it in ~/.config/fish/completions/infractl.fish.\n\n" + tables(cli, false) +
               with_inputs(kFishParser);
    throw Error(ErrorKind::invalid_input, fmt::format("no completion for shell '{}'", shell),
                "infractl completion bash|zsh|fish");
}

}  // namespace infractl::cli
