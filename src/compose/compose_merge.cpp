// Override files and `extends`, merged as compose merges them
// (compose's "Merge and override" rules): single values replace; environment
// and labels merge by key; volumes merge by target; ports append (without
// duplicates); depends_on and networks merge by name; healthcheck and
// resources merge field by field.
#include <algorithm>
#include <deque>

#include <fmt/format.h>

#include "infractl/compose/compose_parser.hpp"

namespace infractl::compose {

namespace {

template <typename T>
void replace(std::optional<T>& base, const std::optional<T>& over) {
    if (over) base = over;
}

void merge_healthcheck(std::optional<Healthcheck>& base, const std::optional<Healthcheck>& over) {
    if (!over) return;
    if (!base) {
        base = over;
        return;
    }
    replace(base->test, over->test);
    replace(base->interval, over->interval);
    replace(base->timeout, over->timeout);
    replace(base->start_period, over->start_period);
    replace(base->retries, over->retries);
    replace(base->disable, over->disable);
}

void merge_lists(Service& base, const Service& over) {
    for (const auto& p : over.ports)
        if (std::none_of(base.ports.begin(), base.ports.end(), [&](const Text& t) { return t.value == p.value; }))
            base.ports.push_back(p);
    for (const auto& v : over.volumes) {
        auto it = std::find_if(base.volumes.begin(), base.volumes.end(),
                               [&](const VolumeMount& m) { return m.target == v.target; });
        if (it != base.volumes.end()) *it = v;
        else base.volumes.push_back(v);
    }
    for (const auto& d : over.depends_on) {
        auto it = std::find_if(base.depends_on.begin(), base.depends_on.end(),
                               [&](const Dependency& x) { return x.service == d.service; });
        if (it != base.depends_on.end()) *it = d;
        else base.depends_on.push_back(d);
    }
    if (over.networks) {
        if (!base.networks) base.networks.emplace();
        for (const auto& n : *over.networks)
            if (std::none_of(base.networks->begin(), base.networks->end(), [&](const Text& t) { return t.value == n.value; }))
                base.networks->push_back(n);
    }
}

// Lays `over` on top of `base` (an override file's service, or a service on
// top of the one it extends).
void merge_service(Service& base, const Service& over) {
    base.loc = over.loc;
    replace(base.image, over.image);
    replace(base.build_context, over.build_context);
    replace(base.command, over.command);
    replace(base.entrypoint, over.entrypoint);
    for (const auto& [k, v] : over.environment) base.environment[k] = v;
    if (!over.env_files.empty()) base.env_files = over.env_files;
    for (const auto& [k, v] : over.labels) base.labels[k] = v;
    merge_lists(base, over);
    merge_healthcheck(base.healthcheck, over.healthcheck);
    for (auto field : {&Service::restart, &Service::replicas, &Service::stop_signal, &Service::stop_grace_period,
                       &Service::user, &Service::working_dir, &Service::pull_policy})
        replace(base.*field, over.*field);
    for (auto field : {&Resources::cpu_limit, &Resources::memory_limit, &Resources::cpu_reservation,
                       &Resources::memory_reservation})
        replace(base.resources.*field, over.resources.*field);
    if (!over.profiles.empty()) base.profiles = over.profiles;
}

void merge_file(File& base, const File& over) {
    if (over.name) base.name = over.name;
    base.sources.insert(base.sources.end(), over.sources.begin(), over.sources.end());
    for (const auto& s : over.services) {
        if (Service* b = base.find(s.name)) merge_service(*b, s);
        else base.services.push_back(s);
    }
    for (const auto& n : over.networks) {
        auto it = std::find_if(base.networks.begin(), base.networks.end(), [&](const NetworkDecl& x) { return x.name == n.name; });
        if (it == base.networks.end()) base.networks.push_back(n);
        else {
            replace(it->internal, n.internal);
            replace(it->driver, n.driver);
        }
    }
    for (const auto& v : over.volumes)
        if (std::none_of(base.volumes.begin(), base.volumes.end(), [&](const VolumeDecl& x) { return x.name == v.name; }))
            base.volumes.push_back(v);
}

class ExtendsResolver {
public:
    ExtendsResolver(const ReadFile& read, Unsupported mode, Diagnostics& diags) : read_(read), mode_(mode), diags_(diags) {}

    // The service with everything it extends merged in, or nullopt on a
    // cycle, a missing service or an unreadable file (reported).
    std::optional<Service> resolved(const File& file, const Service& s, int depth = 0) {
        if (!s.extends) return s;
        const Extends& e = *s.extends;
        if (depth > 16) return fail(e, fmt::format("extends of '{}' forms a cycle", s.name), "a service cannot extend itself");
        const File* from = &file;
        if (!e.file.empty()) {
            from = load(e.file, e);
            if (!from) return std::nullopt;
        }
        const Service* base = from->find(e.service);
        if (!base) return fail(e, fmt::format("extends names service '{}', which {} does not define", e.service, from->path));
        auto merged = resolved(*from, *base, depth + 1);
        if (!merged) return std::nullopt;
        merged->name = s.name;
        merged->depends_on.clear();  // compose never shares depends_on through extends
        merged->extends.reset();
        Service own = s;
        own.extends.reset();
        merge_service(*merged, own);
        return merged;
    }

private:
    std::optional<Service> fail(const Extends& e, std::string message, std::string hint = {}) {
        diags_.error(e.loc, std::move(message), std::move(hint));
        return std::nullopt;
    }

    const File* load(const std::string& path, const Extends& e) {
        for (const auto& f : loaded_)
            if (f.path == path) return &f;
        auto text = read_(path, diags_);
        if (!text) {
            fail(e, fmt::format("cannot read the file that extends names: {}", path));
            return nullptr;
        }
        auto f = parse_compose_text(*text, path, mode_, diags_);
        if (!f) return nullptr;
        loaded_.push_back(std::move(*f));
        return &loaded_.back();
    }

    const ReadFile& read_;
    Unsupported mode_;
    Diagnostics& diags_;
    std::deque<File> loaded_;  // stable addresses
};

}  // namespace

std::optional<File> load_compose_files(const std::vector<std::string>& paths, const ReadFile& read,
                                       Unsupported mode, Diagnostics& diags) {
    std::optional<File> merged;
    ExtendsResolver extends(read, mode, diags);
    for (const auto& path : paths) {
        auto text = read(path, diags);
        if (!text) return std::nullopt;
        auto f = parse_compose_text(*text, path, mode, diags);
        if (!f) return std::nullopt;
        for (auto& s : f->services)
            if (auto r = extends.resolved(*f, s)) s = std::move(*r);
        if (!merged) merged = std::move(f);
        else merge_file(*merged, *f);
    }
    return merged;
}

}  // namespace infractl::compose
