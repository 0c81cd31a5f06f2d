#pragma once
// What the compose e2e tests share: a guard for the objects docker-compose
// creates (they carry no io.infractl.* labels, so StackGuard cannot see
// them), and `docker inspect` as JSON.
#include <string>

#include <nlohmann/json.hpp>

#include "support/harness.hpp"

namespace infractl::e2e {

// Removes the containers, networks and volumes of compose project `project`
// now and at destruction (by the label com.docker.compose.project, and with
// `docker-compose down -v` when `file` is given), even when the test fails.
class ComposeGuard {
public:
    explicit ComposeGuard(std::string project, std::string file = {}) : project_(std::move(project)), file_(std::move(file)) {
        clean();
    }
    ~ComposeGuard() { clean(); }
    ComposeGuard(const ComposeGuard&) = delete;
    ComposeGuard& operator=(const ComposeGuard&) = delete;
    void set_file(std::string file) { file_ = std::move(file); }

    void clean() const {
        if (!file_.empty()) run({"docker-compose", "-p", project_, "-f", file_, "down", "-v", "--remove-orphans"});
        std::string label = "label=com.docker.compose.project=" + project_;
        for (const char* kind : {"container", "network", "volume"}) {
            RunResult ids = docker({kind, "ls", "-q", kind == std::string("container") ? "-a" : "-q", "--filter", label});
            for (std::size_t start = 0; start < ids.out.size();) {
                std::size_t end = ids.out.find('\n', start);
                std::string id = ids.out.substr(start, end - start);
                if (!id.empty()) docker({kind, "rm", "-f", id});
                if (end == std::string::npos) break;
                start = end + 1;
            }
        }
    }

private:
    std::string project_, file_;
};

// `docker inspect NAME`'s one object; a null json when it does not exist.
inline nlohmann::json inspect(const std::string& name) {
    RunResult r = docker({"inspect", name});
    if (r.exit_code != 0) return nullptr;
    return nlohmann::json::parse(r.out).at(0);
}

}  // namespace infractl::e2e
