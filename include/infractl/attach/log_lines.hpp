#pragma once
// `infractl logs` output: one line per log line of a replica, prefixed with
// the replica's name as `turfoo/web#1 | ` (globals `redis#1 | `), padded to
// the widest name, the name coloured by service on a terminal; or, with
// -o json, one JSON object per line (stdout and stderr kept apart).
//
// infractl always asks the engine for timestamps: they order the lines of
// several replicas (without --follow every replica's lines are merged by
// time) and say where a resumed stream starts. They are printed only with
// --timestamps. Pure.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infractl/attach/targets.hpp"
#include "infractl/engine/stream_frames.hpp"

namespace infractl {

struct LogLine {
    Target target;
    StdStream stream = StdStream::stdout_;
    std::string time;  // RFC 3339 as the engine wrote it ("2026-12-02T01:02:03.123456789Z"), "" when absent
    std::string text;
};

// "2026-12-02T01:02:03.5Z hello" -> {"2026-12-02T01:02:03.5Z", "hello"}; a
// line that does not start with a timestamp -> {"", line}.
std::pair<std::string, std::string> split_timestamp(std::string_view line);

// A key that sorts RFC 3339 UTC times correctly as text: the fraction padded
// to 9 digits ("...03.5Z" -> "...03.500000000Z"). "" stays "".
std::string sortable_time(std::string_view time);

// Orders lines of several replicas by time; equal times keep their order.
void merge_by_time(std::vector<LogLine>& lines);

// The engine's `since` value that resumes just after `time` (a line already
// printed): "<unix seconds>.<nanoseconds + 1>". nullopt when `time` is not
// an RFC 3339 UTC timestamp.
std::optional<std::string> since_after(std::string_view time);

// The SGR colour of a service's prefix: stable per service key, from a
// palette of six.
const char* service_colour(const ServiceKey& key);

struct LogFormat {
    bool json = false;
    bool color = false;
    bool timestamps = false;
    std::size_t width = 0;  // the widest label: prefixes are padded to it
};

// The label width for these targets (at least what `format` had).
std::size_t label_width(const std::vector<Target>& targets, std::size_t at_least = 0);

// One output line, with its '\n'.
std::string render_log_line(const LogLine& line, const LogFormat& format);

}  // namespace infractl
