// One compose service: the table of the keys a topology can express.
#include <fmt/format.h>

#include "infractl/core/units.hpp"

#include "compose_reader.hpp"

namespace infractl::compose {

namespace {

using R = Reader&;
using N = const Node&;

void set_text(R r, N v, std::string_view what, std::optional<Text>& into) {
    if (auto t = r.text(v, what)) into = std::move(*t);
}

void read_build(R r, N v, Service& s) {
    if (v.is_scalar()) s.build_context = Text{v.value, r.loc(v)};
    else if (v.is_mapping()) {
        s.build_context = Text{".", r.loc(v)};
        for (const auto& [k, x] : v.entries)
            if (k->value == "context" && x->is_scalar()) s.build_context = Text{x->value, r.loc(*x)};
    } else {
        r.type_error(v, "a string or a mapping", "build");
        return;
    }
}

void read_env_files(R r, N v, Service& s) {
    if (v.is_sequence()) {
        for (const auto& item : v.items) {
            const Node* path = item.get();
            if (item->is_mapping()) {  // compose spec: {path: ..., required: ...}
                path = nullptr;
                for (const auto& [k, x] : item->entries) {
                    if (k->value == "path") path = x.get();
                    else r.unsupported(*k, "env_file." + k->value, "every env_file of a topology is required");
                }
                if (!path) { r.error(*item, "env_file entry needs a 'path'"); continue; }
            }
            if (auto t = r.text(*path, "env_file")) s.env_files.push_back(Text{resolve_path(r, t->value), t->loc});
        }
        return;
    }
    if (auto t = r.text(v, "env_file")) s.env_files.push_back(Text{resolve_path(r, t->value), t->loc});
}

void read_healthcheck(R r, N v, Service& s) {
    if (!r.mapping(v, "healthcheck")) return;
    Healthcheck h;
    h.loc = r.loc(v);
    r.fields(v, "healthcheck.", {
        {"test", [&](N, N x) {
             h.test = r.command(x, "test");
             if (!h.test || !h.test->is_list) return;
             const std::string first = h.test->words.empty() ? "" : h.test->words[0];
             if (first != "CMD" && first != "CMD-SHELL" && first != "NONE")
                 r.error(x, "healthcheck test must start with 'CMD', 'CMD-SHELL' or 'NONE'",
                         "e.g. [\"CMD\", \"pg_isready\"] or a string run by the shell");
         }},
        {"interval", [&](N, N x) { set_text(r, x, "interval", h.interval); }},
        {"timeout", [&](N, N x) { set_text(r, x, "timeout", h.timeout); }},
        {"start_period", [&](N, N x) { set_text(r, x, "start_period", h.start_period); }},
        {"retries", [&](N, N x) { set_text(r, x, "retries", h.retries); }},
        {"disable", [&](N, N x) { set_text(r, x, "disable", h.disable); }},
    });
    s.healthcheck = std::move(h);
}

void read_limits(R r, N v, std::string_view where, std::optional<Text>& cpus, std::optional<Text>& memory) {
    if (!r.mapping(v, where)) return;
    std::string prefix = fmt::format("deploy.resources.{}.", where);
    r.fields(v, prefix, {
        {"cpus", [&](N, N x) { set_text(r, x, "cpus", cpus); }},
        {"memory", [&](N, N x) { set_text(r, x, "memory", memory); }},
    });
}

void read_deploy(R r, N v, Service& s) {
    if (!r.mapping(v, "deploy")) return;
    r.fields(v, "deploy.", {
        {"replicas", [&](N, N x) { set_text(r, x, "replicas", s.replicas); }},
        {"resources", [&](N, N x) {
             if (!r.mapping(x, "resources")) return;
             r.fields(x, "deploy.resources.", {
                 {"limits", [&](N, N l) { read_limits(r, l, "limits", s.resources.cpu_limit, s.resources.memory_limit); }},
                 {"reservations", [&](N, N l) {
                      read_limits(r, l, "reservations", s.resources.cpu_reservation, s.resources.memory_reservation);
                  }},
             });
         }},
    });
}

void read_restart(R r, N v, Service& s) {
    auto t = r.text(v, "restart");
    if (!t) return;
    const std::string& x = t->value;
    bool ok = x == "no" || x == "always" || x == "unless-stopped" || x == "on-failure" || x == "false" ||
              (x.rfind("on-failure:", 0) == 0 && x.size() > 11 && x.find_first_not_of("0123456789", 11) == std::string::npos) ||
              x.find('$') != std::string::npos;
    if (!ok) r.error(v, fmt::format("invalid value '{}' for 'restart'", x), "use no, always, on-failure[:N] or unless-stopped");
    else s.restart = Text{x == "false" ? "no" : x, t->loc};
}

void read_pull_policy(R r, N v, Service& s) {
    auto t = r.text(v, "pull_policy");
    if (!t) return;
    std::string x = t->value;
    if (x == "if_not_present") x = "missing";
    if (x == "build") return r.unsupported_value(v, "compose pull_policy 'build' is not supported", unsupported_hint("pull_policy.build"));
    if (x != "always" && x != "never" && x != "missing")
        return r.error(v, fmt::format("invalid value '{}' for 'pull_policy'", x), "use always, never, missing or if_not_present");
    s.pull_policy = Text{x, t->loc};
}

// infractl gives a CPU reservation to the engine as CpuShares (1 CPU = 1024),
// so compose's cpu_shares is that reservation.
void read_cpu_shares(R r, N v, Service& s) {
    auto t = r.text(v, "cpu_shares");
    if (!t) return;
    const std::string& x = t->value;
    if (x.empty() || x.size() > 7 || x.find_first_not_of("0123456789") != std::string::npos || std::stol(x) < 2)
        return r.error(v, fmt::format("invalid cpu_shares '{}'", x), "a whole number of 2 or more (1024 = 1 CPU)");
    if (!s.resources.cpu_reservation)
        s.resources.cpu_reservation = Text{format_cpus(cpus_from_docker_shares(std::stol(x))), t->loc};
}

void read_extends(R r, N v, Service& s) {
    Extends e;
    e.loc = r.loc(v);
    if (v.is_scalar()) e.service = v.value;
    else if (r.mapping(v, "extends")) {
        r.fields(v, "extends.", {
            {"service", [&](N, N x) { if (auto t = r.text(x, "service")) e.service = t->value; }},
            {"file", [&](N, N x) { if (auto t = r.text(x, "file")) e.file = resolve_path(r, t->value); }},
        });
        if (e.service.empty()) return r.error(v, "extends needs a 'service'", "e.g. extends: {file: common.yml, service: base}");
    } else return;
    s.extends = std::move(e);
}

void read_profiles(R r, N v, Service& s) {
    if (!r.sequence(v, "profiles")) return;
    if (auto list = r.strings(v, "profiles"))
        for (auto& t : *list) s.profiles.push_back(std::move(t.value));
}

}  // namespace

Service read_service(Reader& r, const Node& key, const Node& value) {
    Service s;
    s.name = key.value;
    s.loc = r.loc(key);
    if (!r.mapping(value, s.name)) return s;
    auto text_of = [&](std::string_view what, std::optional<Text>& into) {
        return [&r, what, &into](N, N v) { set_text(r, v, what, into); };
    };
    r.fields(value, "", {
        {"image", text_of("image", s.image)},
        {"build", [&](N k, N v) {
             read_build(r, v, s);
             r.unsupported(k, "build", unsupported_hint("build"));
         }},
        {"command", [&](N, N v) { s.command = r.command(v, "command"); }},
        {"entrypoint", [&](N, N v) { s.entrypoint = r.command(v, "entrypoint"); }},
        {"environment", [&](N, N v) { read_environment(r, v, s); }},
        {"env_file", [&](N, N v) { read_env_files(r, v, s); }},
        {"labels", [&](N, N v) { read_labels(r, v, s); }},
        {"ports", [&](N, N v) { read_ports(r, v, s); }},
        {"volumes", [&](N, N v) { read_volumes(r, v, s); }},
        {"networks", [&](N, N v) { read_service_networks(r, v, s); }},
        {"depends_on", [&](N, N v) { read_depends_on(r, v, s); }},
        {"healthcheck", [&](N, N v) { read_healthcheck(r, v, s); }},
        {"restart", [&](N, N v) { read_restart(r, v, s); }},
        {"deploy", [&](N, N v) { read_deploy(r, v, s); }},
        {"scale", text_of("scale", s.replicas)},
        {"cpus", text_of("cpus", s.resources.cpu_limit)},
        {"mem_limit", text_of("mem_limit", s.resources.memory_limit)},
        {"mem_reservation", text_of("mem_reservation", s.resources.memory_reservation)},
        {"cpu_shares", [&](N, N v) { read_cpu_shares(r, v, s); }},
        {"stop_signal", text_of("stop_signal", s.stop_signal)},
        {"stop_grace_period", text_of("stop_grace_period", s.stop_grace_period)},
        {"user", text_of("user", s.user)},
        {"working_dir", text_of("working_dir", s.working_dir)},
        {"pull_policy", [&](N, N v) { read_pull_policy(r, v, s); }},
        {"profiles", [&](N, N v) { read_profiles(r, v, s); }},
        {"extends", [&](N, N v) { read_extends(r, v, s); }},
    });
    return s;
}

}  // namespace infractl::compose
