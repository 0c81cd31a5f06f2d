#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "infractl/app/export.hpp"
#include "infractl/app/session.hpp"
#include "infractl/export/kubernetes.hpp"

namespace infractl {

namespace {

namespace fs = std::filesystem;

bool written_by_us(const fs::path& file) {
    std::ifstream in(file);
    std::string first;
    return file.extension() == ".yaml" && std::getline(in, first) && first == k8s::kFileMarker;
}

// Files of an earlier export go first, so an object removed from the
// topology does not linger in DIR for `kubectl apply -f DIR` to recreate.
void write_dir(const std::string& dir, const std::vector<k8s::Object>& objects) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(ErrorKind::invalid_input, fmt::format("cannot create {}: {}", dir, ec.message()));
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && written_by_us(entry.path())) fs::remove(entry.path());
    for (const auto& o : objects) {
        fs::path path = fs::path(dir) / k8s::file_name(o);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << k8s::kFileMarker << '\n' << k8s::emit_yaml(o.doc);
        if (!out) throw Error(ErrorKind::invalid_input, fmt::format("cannot write {}", path.string()));
        // Secrets hold the real values: readable by their owner only.
        if (o.kind == "Secret") ::chmod(path.c_str(), 0600);
    }
}

void check_project(const Inputs& in, const std::string& project) {
    if (project.empty() || in.topology.find_project(project)) return;
    std::string names;
    for (const auto& p : in.topology.projects) names += (names.empty() ? "" : ", ") + p.name;
    throw Error(ErrorKind::invalid_input, fmt::format("unknown project '{}'", project), "projects: " + names);
}

}  // namespace

ExitCode run_export_kubernetes(const GlobalOptions& g, const KubernetesExportOptions& o) {
    // strict: errors in the files are printed and thrown, so nothing is exported.
    Session session = Session::open(g, Session::Check::strict);
    check_project(session.inputs(), o.project);
    k8s::KubernetesOptions opts;
    opts.project = o.project;
    opts.autoscaler = o.autoscaler == "keda" ? k8s::Autoscaler::keda : k8s::Autoscaler::hpa;
    k8s::KubernetesExport result = k8s::export_kubernetes(session.desired(), opts);
    for (const auto& w : result.warnings) std::cerr << "warning: " << w << '\n';
    if (o.output_dir.empty())
        std::cout << k8s::emit_stream(result.objects);
    else
        write_dir(o.output_dir, result.objects);
    return ExitCode::ok;
}

}  // namespace infractl
