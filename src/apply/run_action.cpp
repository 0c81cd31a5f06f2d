// One plan action -> engine calls.
#include <fmt/format.h>

#include "executor_detail.hpp"

namespace infractl::apply_detail {

namespace {

std::shared_ptr<std::mutex> image_lock(RunContext& cx, const std::string& image) {
    std::lock_guard lock(cx.mu);
    auto& m = cx.image_locks[image];
    if (!m) m = std::make_shared<std::mutex>();
    return m;
}

// Pulls at most once per image per run, even when several replicas ask at once.
void ensure_image(RunContext& cx, const Action& a) {
    const std::string& image = a.spec.image;
    auto m = image_lock(cx, image);
    std::lock_guard image_guard(*m);
    {
        std::lock_guard lock(cx.mu);
        if (cx.images_ready.count(image)) return;
    }
    PullPolicy policy = a.pull;
    bool present = cx.engine.image_present(image);
    if (!present && policy == PullPolicy::never)
        throw Error(ErrorKind::not_found,
                    fmt::format("image '{}' is not present and pull_policy is never; build or load it "
                                "(docker load / scripts/build-images.sh)",
                                image));
    if (!present || policy == PullPolicy::always) {
        cx.emit(a.target, a.service, StepState::pulling, "pulling " + image);
        cx.engine.pull_image(image, [&](const PullProgress& p) {
            std::string detail = p.total > 0 ? fmt::format("{} {} {}/{}", p.status, image, format_bytes({p.current}),
                                                           format_bytes({p.total}))
                                             : fmt::format("{} {}", p.status, image);
            cx.emit(a.target, a.service, StepState::pulling, detail);
        });
    }
    std::lock_guard lock(cx.mu);
    cx.images_ready.insert(image);
}

std::string create_and_start(RunContext& cx, const Action& a, const std::string& name) {
    cx.emit(a.target, a.service, StepState::creating);
    std::string id = cx.engine.create_container(name, a.spec);
    cx.emit(a.target, a.service, StepState::starting);
    cx.engine.start_container(id);
    return id;
}

// A container that is already gone counts as removed: the replacement of the
// same replica may have cleared it (a leftover "-next" the plan also lists as
// a duplicate), or a person did.
void stop_and_remove(RunContext& cx, const std::string& id, Duration grace) {
    try {
        cx.engine.stop_container(id, grace);
        cx.engine.remove_container(id);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;
    }
}

// The container a remove or recreate replaces: a Celery worker is drained
// first (Action::drain), then stopped with its grace.
void retire(RunContext& cx, const Action& a) {
    if (a.drain) drain_celery_worker(cx, a);
    stop_and_remove(cx, a.container_id, a.stop_grace);
}

// A leftover "<name>-next" from an interrupted replacement of this stack is
// ours to clear; anything else by that name is a conflict. Returns true, and
// clears nothing, when the leftover is `replaced` itself: a crash between
// removing the old container and the rename leaves only "<name>-next".
bool clear_leftover(RunContext& cx, const std::string& name, const std::string& replaced) {
    ObservedContainer old;
    try {
        old = cx.engine.inspect_container(name);
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::not_found) return false;
        throw;
    }
    if (old.stack() != cx.plan.stack)
        throw Error(ErrorKind::conflict,
                    fmt::format("container {} exists and does not belong to stack '{}'", name, cx.plan.stack));
    if (old.id == replaced) return true;
    stop_and_remove(cx, old.id, Duration{0});
    return false;
}

// The new container runs (healthy, if it has a healthcheck) before the old one
// goes, under the temporary name "<name>-next", then takes the real name.
// When the old one is itself "<name>-next", the real name is free: the new
// one takes it at once.
void replace_start_first(RunContext& cx, const Action& a) {
    std::string next = a.target + "-next";
    bool old_is_next = clear_leftover(cx, next, a.container_id);
    std::string name = old_is_next ? a.target : next;
    std::string id = create_and_start(cx, a, name);
    try {
        wait_for(cx, id, Goal::ready, name, a.target, a.service, deadline_from_now(cx));
    } catch (...) {
        // Keep the old container serving; drop the replacement that failed.
        try {
            stop_and_remove(cx, id, Duration{0});
        } catch (const Error&) {
        }
        throw;
    }
    retire(cx, a);
    if (!old_is_next) cx.engine.rename_container(id, a.target);
}

void replace_stop_first(RunContext& cx, const Action& a) {
    retire(cx, a);
    create_and_start(cx, a, a.target);
}

}  // namespace

void run_action(RunContext& cx, const Action& a) {
    switch (a.kind) {
        case ActionKind::create_network: return cx.engine.create_network(a.network);
        case ActionKind::create_volume: return cx.engine.create_volume(a.volume);
        case ActionKind::remove_network: return cx.engine.remove_network(a.target);
        case ActionKind::remove_volume: return cx.engine.remove_volume(a.target);
        case ActionKind::create:
            wait_for_dependencies(cx, a);
            ensure_image(cx, a);
            create_and_start(cx, a, a.target);
            return;
        case ActionKind::start:
            wait_for_dependencies(cx, a);
            cx.emit(a.target, a.service, StepState::starting);
            return cx.engine.start_container(a.container_id);
        case ActionKind::update: return cx.engine.update_container(a.container_id, a.spec);
        case ActionKind::reconnect:
            for (const auto& n : a.networks) cx.engine.connect_network(n, a.container_id);
            return;
        case ActionKind::recreate:
            wait_for_dependencies(cx, a);
            ensure_image(cx, a);  // before stopping anything: a missing image must not cost the old container
            return a.order == ReplaceOrder::start_first ? replace_start_first(cx, a) : replace_stop_first(cx, a);
        case ActionKind::remove: return retire(cx, a);
        case ActionKind::create_service:
        case ActionKind::update_service:
        case ActionKind::remove_service:
            throw Error(ErrorKind::internal,
                        fmt::format("{} {} is a Swarm action; the container executor cannot run it",
                                    to_string(a.kind), a.target));
    }
}

}  // namespace infractl::apply_detail
