#include "build_images.hpp"

#include <iostream>

#include <fmt/format.h>

#include "infractl/build/build_context.hpp"
#include "infractl/engine/docker_engine.hpp"

namespace infractl {

namespace {

std::string located(const Location& at, const std::string& message, const std::string& hint) {
    std::string out = at.known() ? at.str() + ": " + message : message;
    return hint.empty() ? out : out + " (hint: " + hint + ")";
}

std::string build_one(DockerEngine& engine, const ImageBuild& b, bool quiet) {
    try {
        std::vector<ContextEntry> entries = list_build_context(b.build);
        if (!b.build.content_hash.empty() && build_context_hash(b.build, entries) != b.build.content_hash)
            return located(b.build.loc, fmt::format("the build context of '{}' changed since it was planned", b.image),
                           "run the command again");
        ImageBuildRequest req{.tag = b.image,
                              .dockerfile = b.build.dockerfile,
                              .args = b.build.args,
                              .target = b.build.target,
                              // One label: the classic builder adds each as a step (a container run).
                              .labels = {{"io.infractl.managed-by", "infractl"}},
                              .context_tar = build_context_tar(b.build, entries)};
        if (!quiet) std::cerr << fmt::format("build {} | sending context ({} bytes)\n", b.image, req.context_tar.size());
        engine.build_image(req, [&](std::string_view line) {
            if (!quiet) std::cerr << fmt::format("build {} | {}\n", b.image, line);
        });
        if (!quiet) std::cerr << fmt::format("build {} | done\n", b.image);
        return {};
    } catch (const Error& e) {
        return located(b.build.loc, e.what(), e.hint());
    }
}

}  // namespace

void add_builds(Session& session, Plan& plan, BuildMode mode) {
    if (session.desired().services.empty()) return;
    bool any = false;
    for (const auto& s : session.desired().services) any = any || s.build.has_value();
    if (!any) return;
    DockerEngine engine(engine_socket_path(session.options().host));
    plan.builds = plan_builds(session.desired(), plan, [&](const std::string& tag) { return engine.image_present(tag); },
                              mode);
}

std::string run_builds(Session& session, const Plan& plan, bool quiet) {
    if (plan.builds.empty()) return {};
    DockerEngine engine(engine_socket_path(session.options().host));
    for (const auto& b : plan.builds)
        if (std::string err = build_one(engine, b, quiet); !err.empty()) return err;
    return {};
}

}  // namespace infractl
