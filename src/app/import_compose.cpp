#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "infractl/app/import.hpp"
#include "infractl/compose/compose_parser.hpp"
#include "infractl/compose/compose_to_topology.hpp"
#include "infractl/topology/loader.hpp"
#include "infractl/topology/validate.hpp"

namespace infractl {

namespace fs = std::filesystem;

namespace {

void print(const Diagnostics& diags) {
    for (const auto& d : diags.sorted()) std::cerr << d.str() << '\n';
}

// ${VAR} stays in the files, so the check substitutes "1" for unset variables:
// a number, a port, a CPU count and an image name all at once.
EnvLookup lenient_env() {
    EnvLookup real = process_env();
    return [real](const std::string& name) -> std::optional<std::string> {
        if (auto v = real(name)) return v;
        return std::string("1");
    };
}

// The written topology must load and validate with infractl itself; a
// failure here is a bug of the importer, reported as such.
bool self_check(const compose::ImportResult& r, const fs::path& out) {
    Diagnostics diags;
    EnvLookup env = lenient_env();
    Topology topo = load_topology_text(r.topology, (out / "infractl.yaml").string(), env, diags);
    validate_topology(topo, diags);
    for (const auto& [name, text] : r.profiles) {
        Profile p = load_profile_text(text, (out / "profiles" / (name + ".yaml")).string(), env, diags);
        validate_profile(topo, p, diags);
    }
    if (!diags.has_errors()) return true;
    std::cerr << "infractl: the topology made from these compose files does not validate (a bug of the importer, "
                 "or a value infractl refuses):\n";
    for (const auto& d : diags.sorted())
        if (d.severity == Severity::error) std::cerr << "  " << d.str() << '\n';
    return false;
}

// compose interpolates from a `.env` file next to the compose file; infractl
// reads the process environment only, so say so once when there is one.
void note_dot_env(const std::vector<std::string>& files) {
    if (files.empty()) return;
    fs::path env = fs::absolute(files.front()).parent_path() / ".env";
    std::error_code ec;
    if (fs::is_regular_file(env, ec))
        std::cerr << fmt::format("note: infractl does not read {} for ${{VAR}}: export its variables, or move them "
                                 "into an env_file\n", env.lexically_normal().string());
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw Error(ErrorKind::invalid_input, fmt::format("cannot write {}", path.string()));
}

}  // namespace

ExitCode run_import_compose(const ImportComposeOptions& opts) {
    fs::path out = fs::absolute(opts.out_dir).lexically_normal();
    if (!opts.force && fs::exists(out / "infractl.yaml"))
        throw Error(ErrorKind::invalid_input, fmt::format("{} exists", (out / "infractl.yaml").string()),
                    "pass --force to overwrite it, or -o another folder");
    Diagnostics diags;
    auto mode = opts.strict ? compose::Unsupported::error : compose::Unsupported::warn;
    auto file = compose::load_compose_files(opts.files, compose::disk_reader(), mode, diags);
    compose::ImportResult result;
    if (file && !diags.has_errors())
        result = compose::compose_to_topology(*file, {opts.stack, opts.project, out.string()}, diags);
    print(diags);
    if (!file || diags.has_errors()) {
        std::cerr << fmt::format("infractl: {} error{}; nothing was written\n", std::max(diags.error_count(), 1),
                                 diags.error_count() > 1 ? "s" : "");
        return ExitCode::failure;
    }
    if (!self_check(result, out)) return ExitCode::failure;
    note_dot_env(opts.files);
    fs::create_directories(out / "profiles");
    write_file(out / "infractl.yaml", result.topology);
    for (const auto& [name, text] : result.profiles) write_file(out / "profiles" / (name + ".yaml"), text);
    std::cerr << fmt::format("wrote {} and {} profile{} (stack {})\n", (out / "infractl.yaml").string(),
                             result.profiles.size(), result.profiles.size() == 1 ? "" : "s", result.stack);
    return ExitCode::ok;
}

}  // namespace infractl
