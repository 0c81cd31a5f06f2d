#include "infractl/scale/celery_queue.hpp"

#include <nlohmann/json.hpp>

namespace infractl {

std::vector<std::string> celery_queue_lists(const std::string& queue) {
    static const char* const steps[] = {"3", "6", "9"};
    std::vector<std::string> out{queue};
    for (const char* step : steps) out.push_back(queue + "\x06\x16" + step);
    return out;
}

long long celery_unacked_for(const std::string& queue, const std::vector<std::string>& unacked_values) {
    long long n = 0;
    for (const auto& v : unacked_values) {
        auto doc = nlohmann::json::parse(v, nullptr, /*allow_exceptions=*/false);
        if (!doc.is_array() || doc.size() != 3 || !doc[2].is_string()) continue;
        if (doc[2].get<std::string>() == queue) ++n;
    }
    return n;
}

}  // namespace infractl
