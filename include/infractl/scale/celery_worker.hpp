#pragma once
// Which containers are Celery workers, read from their command, so that a
// scale-in or a replacement drains them instead of cutting tasks short
// (apply/celery_drain.hpp): `celery -A APP worker ... [-Q a,b]`.
//
// Why drain at all: SIGTERM is Celery's warm shutdown, but the grace period
// ends it with SIGKILL, and a worker that prefetched tasks (acks_late) holds
// them in kombu's "unacked" hash while it shuts down; Celery 5.2 can lose
// such a task in that window (docs/scaling.md, "Scale-in without loss").
// A worker told to stop consuming first (remote control cancel_consumer)
// takes nothing new, finishes what it holds, and is then stopped idle.
#include <optional>
#include <string>
#include <vector>

namespace infractl {

struct CeleryWorker {
    std::string app;                  // the -A / --app value
    std::vector<std::string> queues;  // -Q / --queues, split at ','; empty = Celery's default "celery"
    friend bool operator==(const CeleryWorker&, const CeleryWorker&) = default;
};

// The worker a command runs, or nullopt when it is not `celery ... worker`
// with an app (an image's default command is not known here: no command, no
// drain). Accepts `-A x`, `-Ax`, `--app x`, `--app=x`, the same forms of
// -Q/--queues, and `celery` given by path (/usr/bin/celery) or through
// `python3 -m celery`.
std::optional<CeleryWorker> celery_worker(const std::optional<std::vector<std::string>>& command);

// The queues to cancel when the worker does not say (active_queues): the
// ones its command names, else Celery's default "celery".
std::vector<std::string> celery_drain_queues(const CeleryWorker& w);

// What `celery inspect ... --json` printed (stdout and stderr, in any order):
// the one line that is a JSON object {"celery@host": reply}. Parsed here so
// the drain's decisions are plain functions of text.
struct CeleryTask {
    std::string id;
    std::string name;  // "turfoo.tasks.record"
};
// `inspect active` / `inspect reserved`: the tasks of the first node that
// replied; nullopt when no node replied (no JSON line).
std::optional<std::vector<CeleryTask>> celery_reply_tasks(const std::string& output);
// `inspect active_queues`: the queue names; nullopt when no node replied.
std::optional<std::vector<std::string>> celery_reply_queues(const std::string& output);

}  // namespace infractl
