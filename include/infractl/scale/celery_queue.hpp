#pragma once
// Where Celery's Redis transport (kombu, transport/redis.py) keeps the tasks
// of one queue, so the queue length counts all of them:
//  - waiting tasks in one Redis list per priority step: the queue's own name
//    for priority 0-2 (step 0), and "QUEUE\x06\x16" + step for steps 3, 6 and 9
//    (PRIORITY_STEPS, sep '\x06\x16');
//  - tasks a worker has taken but not acknowledged (prefetched, or running
//    with acks_late) in the hash "unacked": delivery tag -> JSON
//    [message, exchange, routing_key].
// A bare LLEN of the queue sees neither the other steps nor the tasks the
// workers hoard, and advises scaling in while every worker is busy.
#include <string>
#include <vector>

namespace infractl {

// The Redis lists of `queue`, step 0 first.
std::vector<std::string> celery_queue_lists(const std::string& queue);

inline constexpr const char* kCeleryUnackedHash = "unacked";

// How many of the "unacked" hash's values (as stored) belong to `queue`: the
// routing key of the entry is the queue name (Celery's default direct
// exchange). Values that are not kombu's JSON triple are not counted.
long long celery_unacked_for(const std::string& queue, const std::vector<std::string>& unacked_values);

}  // namespace infractl
