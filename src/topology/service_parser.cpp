#include "service_parser.hpp"

#include <cctype>

#include <fmt/format.h>
#include "secrets_parser.hpp"
#include "suggest.hpp"

namespace infractl::yaml {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::optional<std::vector<std::string>> read_command(Reader& r, const Node& n, std::string_view what) {
    if (n.is_sequence()) return r.strings(n, what);
    auto t = r.text(n, what);
    if (!t) return std::nullopt;
    auto words = split_command(*t);
    if (!words)
        r.error(n, fmt::format("unterminated quote in '{}'", what), "close the quote, or write the command as a list");
    return words;
}

void read_restart(Reader& r, const Node& n, Service& s) {
    auto t = r.text(n, "restart");
    if (!t) return;
    std::string v = lower(*t);
    if (v == "no" || v == "false" || v == "off") s.restart = RestartPolicy::no;
    else if (v == "always") s.restart = RestartPolicy::always;
    else if (v == "unless-stopped") s.restart = RestartPolicy::unless_stopped;
    else if (v == "on-failure") s.restart = RestartPolicy::on_failure;
    else if (v.rfind("on-failure:", 0) == 0 && v.size() > 11 && v.size() < 16 &&
             v.find_first_not_of("0123456789", 11) == std::string::npos) {
        s.restart = RestartPolicy::on_failure;
        s.restart_max_retries = std::stoi(v.substr(11));
    } else {
        std::string hint = suggest(*t, {"no", "always", "on-failure", "unless-stopped"});
        if (hint.empty()) hint = "use no, always, on-failure, on-failure:N or unless-stopped";
        r.error(n, fmt::format("invalid value '{}' for 'restart'", *t), hint);
    }
}

void read_singleton(Reader& r, const Node& n, Service& s) {
    s.singleton_loc = r.loc(n);
    if (!n.is_scalar()) {
        r.type_error(n, "true, false or a reason", "singleton");
        return;
    }
    auto t = r.text(n, "singleton");
    if (!t) return;
    std::string v = lower(*t);
    if (v == "true" || v == "yes" || v == "on") s.singleton = true;
    else if (v == "false" || v == "no" || v == "off") s.singleton = false;
    else {
        s.singleton = true;
        s.singleton_reason = *t;
    }
}

void read_stop_signal(Reader& r, const Node& n, Service& s) {
    auto t = r.text(n, "stop_signal");
    if (!t) return;
    bool numeric = !t->empty() && t->find_first_not_of("0123456789") == std::string::npos;
    bool named = t->size() > 3 && t->rfind("SIG", 0) == 0 &&
                 t->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-") == std::string::npos;
    if (numeric || named) s.stop_signal = *t;
    else r.error(n, fmt::format("invalid stop_signal '{}'", *t), "use a signal name such as SIGTERM or SIGINT");
}

void read_healthcheck(Reader& r, const Node& n, Service& s, const std::string& where) {
    if (!r.mapping(n, "healthcheck")) return;
    Healthcheck h;
    h.loc = r.loc(n);
    r.fields(n, "in 'healthcheck' of " + where, {
        {"test", [&](const Node&, const Node& v) {
             if (v.is_scalar()) {
                 if (auto t = r.text(v, "test")) h.test = {"CMD-SHELL", *t};
                 return;
             }
             auto list = r.strings(v, "test");
             if (!list) return;
             if (list->empty() || ((*list)[0] != "CMD" && (*list)[0] != "CMD-SHELL" && (*list)[0] != "NONE")) {
                 r.error(v, "healthcheck test must start with 'CMD', 'CMD-SHELL' or 'NONE'",
                         "e.g. [\"CMD\", \"pg_isready\"] or a string run by the shell");
                 return;
             }
             h.test = *list;
         }},
        {"interval", [&](const Node&, const Node& v) { if (auto d = r.duration(v, "interval")) h.interval = *d; }},
        {"timeout", [&](const Node&, const Node& v) { if (auto d = r.duration(v, "timeout")) h.timeout = *d; }},
        {"start_period", [&](const Node&, const Node& v) { if (auto d = r.duration(v, "start_period")) h.start_period = *d; }},
        {"retries", [&](const Node&, const Node& v) { if (auto c = r.count(v, "retries", 0)) h.retries = *c; }},
        {"disable", [&](const Node&, const Node& v) { if (auto b = r.boolean(v, "disable")) h.disabled = *b; }},
    });
    if (h.test.size() == 1 && h.test[0] == "NONE") h.disabled = true;
    s.healthcheck = std::move(h);
}

}  // namespace

std::optional<PullPolicy> read_pull_policy(Reader& r, const Node& n) {
    auto t = r.choice(n, "pull_policy", {"missing", "always", "never"});
    if (!t) return std::nullopt;
    if (*t == "always") return PullPolicy::always;
    if (*t == "never") return PullPolicy::never;
    return PullPolicy::missing;
}

Service read_service(Reader& r, const Node& key, const Node& value, const std::string& display) {
    Service s;
    s.name = key.value;
    s.loc = r.loc(key);
    if (!r.mapping(value, display)) return s;
    std::string where = fmt::format("service '{}'", display);
    auto on = [&](auto fn) { return [&r, &s, fn](const Node& k, const Node& v) { fn(r, s, k, v); }; };
    using R = Reader&;
    using S = Service&;
    using N = const Node&;
    r.fields(value, "in " + where, {
        {"image", on([](R r, S s, N, N v) { if (auto t = r.text(v, "image")) { s.image = *t; s.image_loc = r.loc(v); } })},
        {"build", on([](R r, S s, N, N v) { s.build = read_build(r, v); })},
        {"command", on([](R r, S s, N, N v) { s.command = read_command(r, v, "command"); })},
        {"entrypoint", on([](R r, S s, N, N v) { s.entrypoint = read_command(r, v, "entrypoint"); })},
        {"environment", on([](R r, S s, N, N v) { read_environment(r, v, s.environment); })},
        {"env_file", on([](R r, S s, N, N v) { read_env_files(r, v, s); })},
        {"labels", on([](R r, S s, N, N v) { read_labels(r, v, s); })},
        {"ports", on([](R r, S s, N, N v) { read_ports(r, v, s); })},
        {"volumes", on([](R r, S s, N, N v) { read_volumes(r, v, s); })},
        {"secrets", on([](R r, S s, N, N v) { read_service_secrets(r, v, s); })},
        {"networks", on([](R r, S s, N, N v) {
             s.networks_loc = r.loc(v);
             if (auto l = read_network_list(r, v)) s.networks = *l;
         })},
        {"depends_on", on([](R r, S s, N, N v) { read_depends_on(r, v, s); })},
        {"healthcheck", [&](N, N v) { read_healthcheck(r, v, s, where); }},
        {"restart", on([](R r, S s, N, N v) { read_restart(r, v, s); })},
        {"stop_signal", on([](R r, S s, N, N v) { read_stop_signal(r, v, s); })},
        {"stop_grace_period", on([](R r, S s, N, N v) { if (auto d = r.duration(v, "stop_grace_period")) s.stop_grace_period = *d; })},
        {"user", on([](R r, S s, N, N v) { if (auto t = r.text(v, "user")) s.user = *t; })},
        {"working_dir", on([](R r, S s, N, N v) { if (auto t = r.text(v, "working_dir")) s.working_dir = *t; })},
        {"pull_policy", on([](R r, S s, N, N v) { if (auto p = read_pull_policy(r, v)) s.pull_policy = *p; })},
        {"replicas", on([](R r, S s, N, N v) {
             s.replicas_loc = r.loc(v);
             if (auto c = r.count(v, "replicas", 0)) s.replicas = *c;
         })},
        {"singleton", on([](R r, S s, N, N v) { read_singleton(r, v, s); })},
        {"max_replicas", on([](R r, S s, N, N v) { if (auto c = r.count(v, "max_replicas", 1)) s.max_replicas = *c; })},
        {"read_replicas", on([](R r, S s, N, N v) {
             s.read_replicas_loc = r.loc(v);
             if (auto c = r.count(v, "read_replicas", 0)) s.read_replicas = *c;
         })},
        {"read_url_env", on([](R r, S s, N, N v) {
             s.read_url_env_loc = r.loc(v);
             if (auto t = r.text(v, "read_url_env")) s.read_url_env = *t;
         })},
        {"resources", [&](N, N v) { read_resources(r, v, s.resources, display); }},
        {"autoscale", [&](N, N v) { s.autoscale = read_autoscale(r, v, display); }},
        {"expose_publicly", on([](R r, S s, N, N v) { if (auto b = r.boolean(v, "expose_publicly")) s.expose_publicly = *b; })},
        {"enabled", on([](R r, S s, N, N v) { if (auto b = r.boolean(v, "enabled")) s.enabled = *b; })},
    });
    return s;
}

std::optional<std::vector<std::string>> split_command(const std::string& text) {
    std::vector<std::string> words;
    std::string cur;
    bool in_word = false;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quote == '\'') {
            if (c == '\'') quote = 0;
            else cur += c;
        } else if (quote == '"') {
            if (c == '"') quote = 0;
            else if (c == '\\' && i + 1 < text.size() && std::string_view("\"\\$`").find(text[i + 1]) != std::string_view::npos)
                cur += text[++i];
            else cur += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == '\\') {
            if (i + 1 < text.size()) cur += text[++i];
            in_word = true;
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            if (in_word) words.push_back(std::move(cur));
            cur.clear();
            in_word = false;
        } else {
            cur += c;
            in_word = true;
        }
    }
    if (quote) return std::nullopt;
    if (in_word) words.push_back(std::move(cur));
    return words;
}

}  // namespace infractl::yaml
