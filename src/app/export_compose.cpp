#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "infractl/app/export.hpp"
#include "infractl/app/session.hpp"
#include "infractl/compose/desired_to_compose.hpp"

namespace infractl {

namespace {

void write_output(const std::string& path, const std::string& text) {
    if (path.empty() || path == "-") {
        std::cout << text;
        return;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw Error(ErrorKind::invalid_input, fmt::format("cannot write {}", path));
}

}  // namespace

ExitCode run_export_compose(const GlobalOptions& g, const ExportComposeOptions& opts) {
    Session s = Session::open(g);  // prints every problem; throws (exports nothing) on an error
    const Inputs& in = s.inputs();
    if (!opts.project.empty() && !in.topology.find_project(opts.project))
        throw Error(ErrorKind::invalid_input, fmt::format("no project '{}' in {}", opts.project, in.topology_file));
    compose::ExportResult r = compose::desired_to_compose(s.desired(), opts.project);
    write_output(opts.output_file, r.text);
    for (const auto& svc : s.desired().services) {
        bool in_scope = opts.project.empty() || svc.key.project == opts.project || svc.global;
        if (in_scope && svc.build && svc.published_image.empty())
            std::cerr << fmt::format("warning: {}: its image is built on this engine ({}); add `image:` beside "
                                     "`build:` to name the image you push\n",
                                     svc.key.str(), svc.spec.image);
        for (const auto& secret : svc.spec.secrets)
            if (in_scope)
                std::cerr << fmt::format(
                    "warning: {}: secret {} (/run/secrets/{}) is not exported; add it to the compose file's secrets\n",
                    svc.key.str(), secret.source, secret.target);
    }
    if (r.secret_values > 0)
        std::cerr << fmt::format("note: {} secret environment value{} written in plain text{}\n", r.secret_values,
                                 r.secret_values == 1 ? " is" : "s are",
                                 opts.output_file.empty() ? "" : " to " + opts.output_file);
    return ExitCode::ok;
}

}  // namespace infractl
