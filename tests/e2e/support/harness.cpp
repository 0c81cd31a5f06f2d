#include "harness.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "infractl/engine/http_client.hpp"
#include "infractl/engine/secret_files.hpp"

namespace infractl::e2e {

namespace fs = std::filesystem;

namespace {

// The scripts run like any other process of the tests (child_environment):
// a developer's INFRACTL_DOCKER_SOCK or DOCKER_HOST must not point them at
// another engine than engine().
void run_script(const std::string& name, const std::vector<std::string>& args = {}) {
    RunOptions o;
    // Hang guard: engine-up waits 60 s at most, a local image build takes minutes on a fresh machine.
    o.timeout = std::chrono::seconds(1800);
    std::vector<std::string> argv{std::string(INFRACTL_SOURCE_DIR) + "/scripts/" + name};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult r = run(argv, o);
    if (r.exit_code != 0) throw std::runtime_error("scripts/" + name + " failed: " + r.str());
}

}  // namespace

void require_engine() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (engine().ping()) return;
        run_script("engine-up.sh");
        if (!engine().ping()) {
            throw std::runtime_error("the engine does not answer on " + engine().socket_path() +
                                     " and scripts/engine-up.sh could not start it");
        }
    });
}

void require_test_images() {
    static std::once_flag once;
    std::call_once(once, [] { run_script("test-images.sh"); });
}

void require_local_image(const std::string& name, const std::string& tag) {
    if (engine().image_present(tag)) return;
    run_script("build-images.sh", {name});
    if (!engine().image_present(tag))
        throw std::runtime_error("scripts/build-images.sh " + name + " succeeded but " + tag + " is still missing");
}

void untag_repository(const std::string& repository) {
    RunResult r = docker({"images", "--format", "{{.Repository}}:{{.Tag}}", repository});
    std::istringstream lines(r.out);
    for (std::string tag; std::getline(lines, tag);)
        if (!tag.empty() && tag.find("<none>") == std::string::npos) docker({"rmi", tag});
}

int running_containers(const std::string& stack, const std::string& service) {
    RunResult r = docker({"ps", "-q", "--filter", "label=io.infractl.stack=" + stack, "--filter",
                          "label=io.infractl.service=" + service});
    int n = 0;
    for (char c : r.out) n += c == '\n';
    return n;
}

DockerEngine& engine() {
    static DockerEngine e(kDefaultDockerSocket);
    return e;
}

std::map<std::string, std::string> stack_labels(const std::string& stack, const std::string& project,
                                                const std::string& service) {
    return {{label::stack, stack},
            {label::project, project},
            {label::service, service},
            {label::managed_by, "infractl"}};
}

ContainerSpec test_spec(const std::string& stack, const std::string& service) {
    ContainerSpec s;
    s.image = kTestImage;
    s.command = kSleepForever;
    s.labels = stack_labels(stack, kGlobalProject, service);
    s.restart = RestartPolicy::no;
    return s;
}

StackGuard::StackGuard(std::string stack) : stack_(std::move(stack)) { clean(); }

StackGuard::~StackGuard() { clean(); }

void StackGuard::clean() {
    auto warn = [&](const std::string& what, const std::exception& e) {
        std::fprintf(stderr, "StackGuard(%s): %s: %s\n", stack_.c_str(), what.c_str(), e.what());
    };
    ObservedState st;
    try {
        st = engine().observe(stack_, nullptr);
    } catch (const std::exception& e) {
        warn("observe", e);
        return;
    }
    run_parallel(st.containers.size(), 8, [&](std::size_t i) {
        try {
            engine().remove_container(st.containers[i].id);
        } catch (const std::exception& e) {
            warn("remove container " + st.containers[i].name, e);
        }
    });
    for (const auto& n : st.networks) {
        try {
            engine().remove_network(n.id);
        } catch (const std::exception& e) {
            warn("remove network " + n.name, e);
        }
    }
    for (const auto& v : st.volumes) {
        try {
            engine().remove_volume(v.name);
        } catch (const std::exception& e) {
            warn("remove volume " + v.name, e);
        }
    }
    // The stack's secret copies (engine/secret_files.hpp): infractl prunes them
    // after its own applies, not after containers removed here.
    try {
        std::filesystem::remove_all(secret_files_root() + "/" + stack_);
    } catch (const std::exception& e) {
        warn("remove secret files", e);
    }
}

std::string RunResult::str() const {
    std::string s = timed_out ? "timed out" : "exit " + std::to_string(exit_code);
    return s + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
}

RunResult run_infractl(const std::vector<std::string>& args, const RunOptions& opts) {
    std::vector<std::string> argv{INFRACTL_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, opts);
}

RunResult docker(const std::vector<std::string>& args, const RunOptions& opts) {
    std::vector<std::string> argv{"docker"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, opts);
}

RunResult create_network_unchecked(const std::string& name, const std::string& labels_json) {
    std::string body = R"({"Name": )" + nlohmann::json(name).dump() + R"(, "CheckDuplicate": false, "Labels": )" +
                       labels_json + "}";
    return run({"curl", "-s", "-f", "--unix-socket", "/var/run/docker.sock", "-X", "POST", "-H",
                "Content-Type: application/json", "-d", body, "http://localhost/networks/create"});
}

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "infractl-e2e-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + tmpl);
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& relative, const std::string& content) const {
    fs::path p = fs::path(path_) / relative;
    fs::create_directories(p.parent_path());
    std::ofstream f(p, std::ios::binary);
    f << content;
    if (!f) throw std::runtime_error("cannot write " + p.string());
    return p.string();
}

bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout, std::chrono::milliseconds step) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        try {
            if (pred()) return true;
        } catch (const std::exception&) {
            // Not ready yet (e.g. the container is still being created).
        }
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(step);
    }
}

std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace infractl::e2e
