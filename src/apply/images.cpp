// Images first: every image the plan creates containers from is made present
// (checked, pulled per policy) before any other engine change, so an image
// that cannot be provided costs nothing: no half-applied stack.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "executor_detail.hpp"
#include "infractl/engine/http_client.hpp"

namespace infractl::apply_detail {

namespace {

constexpr const char* kHowToProvide =
    "provide it: build it (scripts/build-images.sh builds the infractl-local/* images), load it "
    "(docker load -i FILE), or map it to an image this machine has (--images FILE)";

struct ImageNeed {
    std::string image;
    PullPolicy policy = PullPolicy::never;
    std::vector<std::string> services;  // "turfoo/celery-worker"
    const Action* first = nullptr;      // progress lines go to its target
};

// The most pull-happy policy wins when services share an image.
int eagerness(PullPolicy p) {
    switch (p) {
        case PullPolicy::never: return 0;
        case PullPolicy::missing: return 1;
        case PullPolicy::always: return 2;
    }
    return 1;
}

std::vector<ImageNeed> needed_images(const RunContext& cx) {
    std::map<std::string, ImageNeed> by_image;
    for (const auto& a : cx.plan.actions) {
        if (a.kind != ActionKind::create && a.kind != ActionKind::recreate) continue;
        ImageNeed& n = by_image[a.spec.image];
        PullPolicy p = a.pull;
        if (!n.first || eagerness(p) > eagerness(n.policy)) n.policy = p;
        if (!n.first) n.first = &a;
        n.image = a.spec.image;
        std::string who = a.service.str();
        if (std::find(n.services.begin(), n.services.end(), who) == n.services.end()) n.services.push_back(who);
    }
    std::vector<ImageNeed> out;
    for (auto& [image, need] : by_image) out.push_back(std::move(need));
    return out;
}

std::string services_text(const ImageNeed& n) {
    std::string out;
    for (const auto& s : n.services) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// The engine says "pull 'X': <why>"; the message names X already.
std::string pull_reason(const std::string& what, const std::string& image) {
    std::string prefix = fmt::format("pull '{}': ", image);
    return what.rfind(prefix, 0) == 0 ? what.substr(prefix.size()) : what;
}

// Returns "" when the image is ready, else the error.
std::string provide(RunContext& cx, const ImageNeed& n) {
    const Action& a = *n.first;
    std::string who = fmt::format("image '{}' ({})", n.image, services_text(n));
    bool present = false;
    try {
        present = cx.engine.image_present(n.image);
    } catch (const Error& e) {
        return fmt::format("cannot check {}: {}", who, e.what());
    }
    if (!present && n.policy == PullPolicy::never)
        return fmt::format("{} is not present and the pull policy is never; {}", who, kHowToProvide);
    if (present && n.policy != PullPolicy::always) return {};
    cx.emit(a.target, a.service, StepState::pulling, "pulling " + n.image);
    try {
        cx.engine.pull_image(n.image, [&](const PullProgress& p) {
            std::string detail = p.total > 0 ? fmt::format("{} {} {}/{}", p.status, n.image, format_bytes({p.current}),
                                                           format_bytes({p.total}))
                                             : fmt::format("{} {}", p.status, n.image);
            cx.emit(a.target, a.service, StepState::pulling, detail);
        });
    } catch (const Error& e) {
        return fmt::format("pulling {} failed: {}; {}", who, pull_reason(e.what(), n.image), kHowToProvide);
    }
    return {};
}

}  // namespace

std::vector<std::string> prepare_images(RunContext& cx) {
    std::vector<ImageNeed> needs = needed_images(cx);
    std::vector<std::string> errors(needs.size());
    run_parallel(needs.size(), static_cast<std::size_t>(std::max(cx.opts.parallel, 1)),
                 [&](std::size_t i) { errors[i] = provide(cx, needs[i]); });
    std::vector<std::string> out;
    std::lock_guard lock(cx.mu);
    for (std::size_t i = 0; i < needs.size(); ++i) {
        if (errors[i].empty())
            cx.images_ready.insert(needs[i].image);
        else
            out.push_back(errors[i]);
    }
    return out;
}

}  // namespace infractl::apply_detail
