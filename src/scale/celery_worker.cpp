#include "infractl/scale/celery_worker.hpp"

#include <cstddef>
#include <sstream>

#include <nlohmann/json.hpp>

namespace infractl {
namespace {

bool is_celery(const std::string& arg) {
    return arg == "celery" || (arg.size() > 7 && arg.compare(arg.size() - 7, 7, "/celery") == 0);
}

// Index of the first argument after the celery program, or npos.
std::size_t after_program(const std::vector<std::string>& argv) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (is_celery(argv[i])) return i + 1;
        if (argv[i] == "-m" && i + 1 < argv.size() && argv[i + 1] == "celery") return i + 2;
    }
    return std::string::npos;
}

// The value of a short/long option at argv[i] ("-A x", "-Ax", "--app x",
// "--app=x"); advances i past a separate value.
std::optional<std::string> option_value(const std::vector<std::string>& argv, std::size_t& i, const char* shrt,
                                        const char* lng) {
    const std::string& a = argv[i];
    std::string s = shrt, l = lng;
    if (a == s || a == l) {
        if (i + 1 >= argv.size()) return std::nullopt;
        return argv[++i];
    }
    if (a.rfind(l + "=", 0) == 0) return a.substr(l.size() + 1);
    if (a.rfind(s, 0) == 0 && a.size() > s.size() && a[1] != '-') return a.substr(s.size());
    return std::nullopt;
}

std::vector<std::string> split_queues(const std::string& v) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= v.size()) {
        std::size_t comma = v.find(',', start);
        if (comma == std::string::npos) comma = v.size();
        if (comma > start) out.push_back(v.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

}  // namespace

std::optional<CeleryWorker> celery_worker(const std::optional<std::vector<std::string>>& command) {
    if (!command) return std::nullopt;
    const std::vector<std::string>& argv = *command;
    std::size_t i = after_program(argv);
    if (i == std::string::npos) return std::nullopt;
    CeleryWorker w;
    bool worker = false;
    for (; i < argv.size(); ++i) {
        if (argv[i] == "worker") {
            worker = true;
        } else if (auto app = option_value(argv, i, "-A", "--app")) {
            w.app = *app;
        } else if (auto q = option_value(argv, i, "-Q", "--queues")) {
            for (auto& name : split_queues(*q)) w.queues.push_back(std::move(name));
        }
    }
    if (!worker || w.app.empty()) return std::nullopt;
    return w;
}

namespace {

// The reply of the first node in the first line that parses as a JSON object.
std::optional<nlohmann::json> first_reply(const std::string& output) {
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line.front() != '{') continue;
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || j.empty()) continue;
        return j.begin().value();
    }
    return std::nullopt;
}

std::string text(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::optional<std::vector<CeleryTask>> celery_reply_tasks(const std::string& output) {
    auto reply = first_reply(output);
    if (!reply || !reply->is_array()) return std::nullopt;
    std::vector<CeleryTask> out;
    for (const auto& t : *reply)
        if (t.is_object()) out.push_back({text(t, "id"), text(t, "name")});
    return out;
}

std::optional<std::vector<std::string>> celery_reply_queues(const std::string& output) {
    auto reply = first_reply(output);
    if (!reply || !reply->is_array()) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& q : *reply)
        if (q.is_object() && !text(q, "name").empty()) out.push_back(text(q, "name"));
    return out;
}

std::vector<std::string> celery_drain_queues(const CeleryWorker& w) {
    if (w.queues.empty()) return {"celery"};
    return w.queues;
}

}  // namespace infractl
