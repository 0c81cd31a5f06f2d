// Time of load + validate + resolve for synthetic topologies of 100, 1,000
// and 10,000 services, and the peak RSS of each run. Each size runs in its
// own child process so its peak RSS is its own. Usage:
//   bench_resolve [--quick]     (--quick: 100 and 1,000 services, 3 runs)
// Figures go to docs/performance.md, "Validate and resolve".
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "infractl/resolve/resolve.hpp"
#include "infractl/topology/loader.hpp"
#include "infractl/topology/validate.hpp"
#include "synthetic.hpp"

using namespace infractl;
using Clock = std::chrono::steady_clock;

namespace {

struct Times {
    double load = 0, validate = 0, resolve = 0;
    double total() const { return load + validate + resolve; }
};

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

Times run_once(const std::string& topo_text, const std::string& profile_text, std::size_t& containers) {
    EnvLookup env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    Diagnostics diags;
    Times t;
    auto t0 = Clock::now();
    Topology topo = load_topology_text(topo_text, "synthetic.yaml", env, diags);
    Profile prof = load_profile_text(profile_text, "bench.yaml", env, diags);
    t.load = ms_since(t0);
    auto t1 = Clock::now();
    validate_topology(topo, diags);
    validate_profile(topo, prof, diags);
    t.validate = ms_since(t1);
    auto t2 = Clock::now();
    DesiredState state = resolve(topo, prof, {}, diags);
    t.resolve = ms_since(t2);
    if (diags.has_errors()) {
        for (const auto& d : diags.sorted()) std::fprintf(stderr, "%s\n", d.str().c_str());
        std::exit(1);
    }
    containers = 0;
    for (const auto& s : state.services) containers += s.containers.size();
    return t;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void bench_size(int services, int runs) {
    const int per_project = 10;
    const int projects = services / per_project;
    const std::string topo = bench::synthetic_topology(projects, per_project);
    const std::string prof = bench::synthetic_profile(per_project);
    std::vector<double> load, validate, resolve_ms, total;
    std::size_t containers = 0;
    for (int i = 0; i < runs; ++i) {
        Times t = run_once(topo, prof, containers);
        load.push_back(t.load);
        validate.push_back(t.validate);
        resolve_ms.push_back(t.resolve);
        total.push_back(t.total());
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("| %6d | %6zu | %5zu KiB | %8.1f | %8.1f | %8.1f | %8.1f | %6.1f MiB |\n", services + 3, containers,
                topo.size() / 1024, median(load), median(validate), median(resolve_ms), median(total),
                static_cast<double>(ru.ru_maxrss) / 1024.0);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    std::vector<int> sizes = quick ? std::vector<int>{100, 1000} : std::vector<int>{100, 1000, 10000};
    const int runs = quick ? 3 : 7;
    std::printf("median of %d runs; each size in its own process; times in ms\n\n", runs);
    std::printf("| services | containers | YAML | load | validate | resolve | total | peak RSS |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    std::fflush(stdout);
    for (int n : sizes) {
        pid_t pid = fork();
        if (pid == 0) {
            bench_size(n, runs);
            std::_Exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
    }
    return 0;
}
