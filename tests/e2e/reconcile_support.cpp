#include "reconcile_support.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace infractl::e2e::rc {

namespace {

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

std::string flow_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", \"" : "\"") + items[i] + "\"";
    return out + "]";
}

std::string service_yaml(const RcService& s, const std::string& indent) {
    std::string y = indent + s.key + ":\n";
    auto line = [&](const std::string& l) { y += indent + "  " + l + "\n"; };
    line("image: " + s.image);
    if (s.replicas != 1) line("replicas: " + std::to_string(s.replicas));
    if (s.singleton) line("singleton: true");
    if (!s.env.empty()) {
        line("environment:");
        for (const auto& [k, v] : s.env) line("  " + k + ": \"" + v + "\"");
    }
    if (!s.networks.empty()) line("networks: " + flow_list(s.networks));
    if (!s.volumes.empty()) line("volumes: " + flow_list(s.volumes));
    if (!s.depends_on.empty()) line("depends_on: " + flow_list(s.depends_on));
    if (!s.health_test.empty())
        line("healthcheck: {test: " + s.health_test + ", interval: " + s.health_interval + ", timeout: 5s, retries: 3}");
    if (!s.memory.empty() || !s.cpus.empty()) {
        std::string limits;
        if (!s.cpus.empty()) limits += "cpus: " + s.cpus;
        if (!s.memory.empty()) limits += std::string(limits.empty() ? "" : ", ") + "memory: " + s.memory;
        line("resources: {limits: {" + limits + "}}");
    }
    line("stop_grace_period: 2s");
    for (const auto& e : s.extra) line(e);
    return y;
}

std::vector<std::string> docker_names(const std::vector<std::string>& args) {
    RunResult r = docker(args);
    if (r.exit_code != 0) throw std::runtime_error("docker failed: " + r.str());
    auto names = split_lines(r.out);
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

std::string RcService::container(const std::string& stack, int n) const {
    if (project.empty()) return stack + "-" + key;
    if (singleton) return project + "-" + key;
    return project + "-" + key + "-" + std::to_string(n);
}

std::string rc_topology_yaml(const std::string& stack, const std::vector<std::string>& networks,
                             const std::vector<RcService>& services) {
    std::string y = "version: 1\nstack: " + stack + "\n";
    if (!networks.empty()) {
        y += "networks:\n";
        for (const auto& n : networks) y += "  " + n + ": {}\n";
    }
    std::string globals, projects;
    std::map<std::string, std::string> by_project;
    for (const auto& s : services) {
        if (s.project.empty())
            globals += service_yaml(s, "  ");
        else
            by_project[s.project] += service_yaml(s, "      ");
    }
    if (!globals.empty()) y += "globals:\n" + globals;
    if (!by_project.empty()) {
        y += "projects:\n";
        for (const auto& [p, body] : by_project) y += "  " + p + ":\n    services:\n" + body;
    }
    return y;
}

std::string rc_profile_yaml(const std::string& name, const RcProfile& patches) {
    std::string y = "version: 1\nprofile: " + name + "\ndefault_host_ip: 127.0.0.1\n";
    std::string globals;
    std::map<std::string, std::string> by_project;
    for (const auto& [target, body] : patches) {
        auto slash = target.find('/');
        if (slash == std::string::npos)
            globals += "  " + target + ": " + body + "\n";
        else
            by_project[target.substr(0, slash)] += "      " + target.substr(slash + 1) + ": " + body + "\n";
    }
    if (!globals.empty()) y += "globals:\n" + globals;
    if (!by_project.empty()) {
        y += "projects:\n";
        for (const auto& [p, body] : by_project) y += "  " + p + ":\n    services:\n" + body;
    }
    return y;
}

RcStack::RcStack(std::string stack, std::vector<std::string> networks, std::vector<RcService> services)
    : guard_((require_engine(), require_test_images(), std::move(stack))),
      networks_(std::move(networks)),
      services_(std::move(services)) {
    write_topology();
    write_profile("dev", {});
    std::filesystem::create_directories(state_dir());
}

void RcStack::set_services(std::vector<RcService> services) {
    services_ = std::move(services);
    write_topology();
}

void RcStack::write_topology() { dir_.write("topology.yaml", rc_topology_yaml(name(), networks_, services_)); }

void RcStack::write_profile(const std::string& name, const RcProfile& patches) {
    dir_.write("profiles/" + name + ".yaml", rc_profile_yaml(name, patches));
}

std::vector<std::string> RcStack::argv(const std::vector<std::string>& args) const {
    std::vector<std::string> out{INFRACTL_BINARY, "-f", topology_path(), "--no-color"};
    out.insert(out.end(), args.begin(), args.end());
    return out;
}

std::vector<std::pair<std::string, std::string>> RcStack::env() const {
    return {{"INFRACTL_STATE_DIR", state_dir()}, {"NO_COLOR", "1"}};
}

RunResult RcStack::run(const std::vector<std::string>& args, const RunOptions& opts) const {
    RunOptions o = opts;
    for (const auto& kv : env()) o.env.push_back(kv);
    return e2e::run(argv(args), o);
}

std::optional<std::string> inspect(const std::string& name, const std::string& format) {
    RunResult r = docker({"inspect", "-f", format, name});
    if (r.exit_code != 0) return std::nullopt;
    return trim(r.out);
}

std::string container_id(const std::string& name) {
    RunResult r = docker({"container", "inspect", "-f", "{{.Id}}", name});
    return r.exit_code == 0 ? trim(r.out) : "";
}

std::vector<std::string> stack_containers(const std::string& stack) {
    return docker_names({"ps", "-a", "--filter", "label=io.infractl.stack=" + stack, "--format", "{{.Names}}"});
}

std::vector<std::string> stack_networks(const std::string& stack) {
    return docker_names({"network", "ls", "--filter", "label=io.infractl.stack=" + stack, "--format", "{{.Name}}"});
}

std::vector<std::string> stack_volumes(const std::string& stack) {
    return docker_names({"volume", "ls", "--filter", "label=io.infractl.stack=" + stack, "--format", "{{.Name}}"});
}

std::vector<std::string> mutating_calls(const std::string& log) {
    std::vector<std::string> out;
    for (const auto& l : split_lines(log))
        if (l.find("engine POST ") != std::string::npos || l.find("engine PUT ") != std::string::npos ||
            l.find("engine DELETE ") != std::string::npos)
            out.push_back(l);
    return out;
}

std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
    std::vector<std::string> out;
    for (const auto& l : split_lines(text))
        if (l.find(needle) != std::string::npos) out.push_back(l);
    return out;
}

}  // namespace infractl::e2e::rc
