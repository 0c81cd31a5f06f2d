#pragma once
// What `logs --follow` does after each look at the stack's containers (one
// list call a second): which replicas to attach a log stream to, which are
// new (a scale-up), which went away (a scale-down, a crash, a `docker rm`).
// Pure: the caller lists, streams and prints.
#include <map>
#include <string>
#include <vector>

#include "infractl/attach/targets.hpp"

namespace infractl {

struct FollowEvent {
    enum class Kind {
        attach,    // at start: stream it (with --since/--tail)
        appeared,  // a replica that was not there before: stream it from its first line
        resumed,   // running again (restarted) or its stream broke off: stream from after the last line seen
        stopped,   // its stream ended and it is not running
        removed,   // no longer listed
    };
    Kind kind;
    Target target;
    friend bool operator==(const FollowEvent&, const FollowEvent&) = default;
};

class FollowTracker {
public:
    // The selected containers as listed now; the first call is the start.
    std::vector<FollowEvent> poll(const std::vector<Target>& now);
    // The caller's stream of `id` ended (the engine closes it when the container stops).
    void stream_ended(const std::string& id);

private:
    struct Known {
        Target target;
        bool streaming = false;
        bool was_running = false;  // seen running while followed: its end is news
        bool said_stopped = false;
    };
    std::map<std::string, Known> known_;  // by container id
    bool started_ = false;
};

}  // namespace infractl
