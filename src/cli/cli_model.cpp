// describe_cli: the CLI11 tree as CommandModels, for completion and man.
#include <algorithm>

#include "infractl/cli/cli_model.hpp"

namespace infractl::cli {

namespace {

// "TEXT:{text,json}" -> {"text", "json"}; none when the option has no set.
std::vector<std::string> choices(const std::string& type_name) {
    auto open = type_name.find('{');
    auto close = type_name.find('}', open == std::string::npos ? 0 : open);
    if (open == std::string::npos || close == std::string::npos) return {};
    std::vector<std::string> out;
    std::string item;
    for (char c : type_name.substr(open + 1, close - open - 1)) {
        if (c == ',') {
            out.push_back(item);
            item.clear();
        } else if (c != ' ') {
            item.push_back(c);
        }
    }
    if (!item.empty()) out.push_back(item);
    return out;
}

std::string join(const std::vector<std::string>& words, const char* sep) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : sep) + w;
    return out;
}

bool is_number(const std::string& type_name) {
    return type_name.starts_with("INT") || type_name.starts_with("UINT") || type_name.starts_with("FLOAT");
}

// What completes a value, by the option's name (the convention of every
// command: a project is "project"/--project, a service "service", scale's
// SERVICE=N "assignments") and its CLI11 type (a set of words, a number).
std::string completion_of(const std::string& name, const std::string& type_name) {
    if (name == "project" || name == "--project") return "project";
    if (name == "service") return "service";
    if (name == "assignments") return "assign";
    if (auto words = choices(type_name); !words.empty()) return "words:" + join(words, ",");
    if (is_number(type_name)) return "";
    if (name == "--since" || name.ends_with("-timeout") || name == "--interval") return "";
    return "file";
}

std::string value_name(const CLI::Option& o, const std::string& name) {
    if (auto words = choices(o.get_type_name()); !words.empty()) return join(words, "|");
    if (is_number(o.get_type_name())) return "N";
    if (name == "--project") return "PROJECT";
    if (name == "--since" || name.ends_with("-timeout") || name == "--interval") return "DURATION";
    return "VALUE";
}

OptionModel option_model(const CLI::Option& o) {
    OptionModel m;
    for (const auto& s : o.get_snames()) m.names.push_back("-" + s);
    for (const auto& l : o.get_lnames()) m.names.push_back("--" + l);
    m.help = o.get_description();
    m.takes_value = o.get_type_size_max() > 0;
    std::string key = o.get_positional() ? o.get_name(true) : m.names.back();
    if (o.get_positional()) m.names = {o.get_name(true)};
    if (m.takes_value) {
        m.value_name = value_name(o, key);
        m.complete = completion_of(key, o.get_type_name());
    }
    return m;
}

void describe(const CLI::App& app, const std::string& path, std::vector<CommandModel>& out) {
    CommandModel c;
    c.path = path;
    c.help = app.get_description();
    c.aliases = app.get_aliases();
    for (const CLI::Option* o : app.get_options()) {
        if (o->get_group().empty() || o == app.get_help_ptr()) continue;
        OptionModel m = option_model(*o);
        if (o->get_positional()) {
            c.positionals.push_back(m);
            c.last_repeats = o->get_items_expected_max() > 1;
        } else {
            c.options.push_back(m);
        }
    }
    std::vector<const CLI::App*> subs = app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
    for (const CLI::App* s : subs) c.children.push_back(s->get_name());
    out.push_back(c);
    for (const CLI::App* s : subs) describe(*s, path.empty() ? s->get_name() : path + " " + s->get_name(), out);
}

}  // namespace

std::vector<CommandModel> describe_cli(const CLI::App& root) {
    std::vector<CommandModel> out;
    describe(root, "", out);
    return out;
}

}  // namespace infractl::cli
