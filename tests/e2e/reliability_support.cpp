// Background processes, the fault proxy and stack invariants for the
// reliability tests.
#include "reliability_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "infractl/engine/http_client.hpp"

namespace infractl::e2e {

namespace {

pid_t spawn(std::vector<std::string> argv, const std::vector<std::pair<std::string, std::string>>& env_extra,
            const std::string& out_path, const std::string& err_path) {
    std::vector<std::string> env = child_environment(env_extra);
    std::vector<char*> cargv, cenv;
    for (auto& s : argv) cargv.push_back(s.data());
    cargv.push_back(nullptr);
    for (auto& s : env) cenv.push_back(s.data());
    cenv.push_back(nullptr);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::dup2(devnull, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        ::execve(cargv[0], cargv.data(), cenv.data());
        ::_exit(127);
    }
    ::close(out);
    ::close(err);
    ::close(devnull);
    return pid;
}

nlohmann::json engine_list(const std::string& target) {
    static HttpClient http(engine().socket_path());
    HttpResponse r = http.send({.target = target, .unversioned = true});
    if (r.status != 200) throw std::runtime_error("GET " + target + " -> " + std::to_string(r.status));
    return nlohmann::json::parse(r.body);
}

std::string label_of(const nlohmann::json& labels, const std::string& key) {
    if (!labels.is_object() || !labels.contains(key) || !labels[key].is_string()) return "";
    return labels[key].get<std::string>();
}

bool has_prefix(const std::string& name, const std::vector<std::string>& prefixes) {
    for (const auto& p : prefixes)
        if (name.rfind(p, 0) == 0) return true;
    return false;
}

}  // namespace

Background::Background(const std::vector<std::string>& args,
                       const std::vector<std::pair<std::string, std::string>>& env, const std::string& log_prefix)
    : out_path_(log_prefix + ".out"), err_path_(log_prefix + ".err") {
    std::vector<std::string> argv{INFRACTL_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    started_ = std::chrono::steady_clock::now();
    pid_ = spawn(argv, env, out_path_, err_path_);
}

Background::~Background() {
    if (pid_ > 0 && exit_code_ < 0) kill_now();
}

int Background::wait(std::chrono::milliseconds timeout) {
    if (exit_code_ >= 0) return exit_code_;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            ended_ = std::chrono::steady_clock::now();
            exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return exit_code_;
        }
        if (std::chrono::steady_clock::now() >= deadline) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

bool Background::kill_now() {
    if (exit_code_ >= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        ended_ = std::chrono::steady_clock::now();
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return false;
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    ended_ = std::chrono::steady_clock::now();
    exit_code_ = 128 + SIGKILL;
    return true;
}

std::string Background::out() const { return read_text(out_path_); }
std::string Background::err() const { return read_text(err_path_); }

std::uint64_t test_seed(const char* env_var, const char* what) {
    std::uint64_t seed;
    if (const char* s = std::getenv(env_var); s != nullptr && *s != '\0') {
        seed = std::strtoull(s, nullptr, 10);
    } else {
        seed = std::random_device{}() % 1000000;
    }
    std::printf("%s: seed %llu (replay with %s=%llu)\n", what, static_cast<unsigned long long>(seed), env_var,
                static_cast<unsigned long long>(seed));
    std::fflush(stdout);
    return seed;
}

FaultProxy::FaultProxy(const std::string& socket_path, std::uint64_t seed, const std::vector<std::string>& rules)
    : socket_(socket_path) {
    std::vector<std::string> argv{FAULT_PROXY_BINARY, "--listen", socket_, "--seed", std::to_string(seed)};
    for (const auto& r : rules) {
        argv.push_back("--rule");
        argv.push_back(r);
    }
    pid_ = spawn(argv, {}, socket_ + ".out", socket_ + ".err");
    bool up = wait_until([&] { return stats().contains("calls"); }, std::chrono::seconds(10),
                         std::chrono::milliseconds(20));
    if (!up) throw std::runtime_error("fault_proxy did not start on " + socket_ + ": " + read_text(socket_ + ".err"));
}

FaultProxy::~FaultProxy() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (::waitpid(pid_, &status, WNOHANG) == 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
    }
    ::unlink(socket_.c_str());
}

nlohmann::json FaultProxy::stats() {
    HttpClient http(socket_);
    HttpResponse r = http.send({.target = "/_proxy/stats", .retry = Retry::never, .timeout = std::chrono::seconds(5),
                                .unversioned = true});
    return nlohmann::json::parse(r.body);
}

void FaultProxy::set_rules(const std::vector<std::string>& rules) {
    HttpClient http(socket_);
    HttpResponse r = http.send({.method = "POST",
                                .target = "/_proxy/rules",
                                .json_body = join(rules),
                                .retry = Retry::never,
                                .timeout = std::chrono::seconds(5),
                                .unversioned = true});
    if (r.status != 200) throw std::runtime_error("fault_proxy refused the rules: " + r.body);
}

void FaultProxy::reset_counters() {
    HttpClient http(socket_);
    http.send({.method = "POST", .target = "/_proxy/reset", .retry = Retry::never, .unversioned = true});
}

std::vector<std::string> stack_problems(const std::string& stack, const std::vector<std::string>& prefixes) {
    std::vector<std::string> problems;
    std::map<std::string, std::vector<std::string>> by_slot;
    for (const auto& c : engine_list("/containers/json?all=1")) {
        std::string name = c["Names"].empty() ? "" : c["Names"][0].get<std::string>().substr(1);
        const auto& labels = c["Labels"];
        bool ours = label_of(labels, label::stack) == stack;
        if (!ours && has_prefix(name, prefixes)) problems.push_back("container without our labels: " + name);
        if (!ours) continue;
        if (name.size() > 5 && name.ends_with("-next")) problems.push_back("leftover replacement: " + name);
        std::string slot = label_of(labels, label::project) + "/" + label_of(labels, label::service) + "#" +
                           label_of(labels, label::replica);
        by_slot[slot].push_back(name + " (" + c.value("State", "") + ")");
    }
    for (const auto& [slot, names] : by_slot)
        if (names.size() > 1) problems.push_back("duplicate " + slot + ": " + join(names, ", "));
    for (const auto& n : engine_list("/networks")) {
        std::string name = n.value("Name", "");
        if (has_prefix(name, prefixes) && label_of(n["Labels"], label::stack) != stack)
            problems.push_back("network without our labels: " + name);
    }
    auto vols = engine_list("/volumes");
    if (vols["Volumes"].is_array()) {
        for (const auto& v : vols["Volumes"]) {
            std::string name = v.value("Name", "");
            if (has_prefix(name, prefixes) && label_of(v["Labels"], label::stack) != stack)
                problems.push_back("volume without our labels: " + name);
        }
    }
    return problems;
}

std::size_t container_count(const std::string& stack) {
    return engine_list("/containers/json?all=1&filters=" + url_encode("{\"label\":[\"io.infractl.stack=" + stack + "\"]}"))
        .size();
}

std::string join(const std::vector<std::string>& lines, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? sep : "") + lines[i];
    return out;
}

}  // namespace infractl::e2e
