// `infractl logs`: the log lines of every selected replica, multiplexed.
// Without --follow: every replica's log read in parallel, merged by time.
// With --follow: one stream per replica, and a look at the stack's
// containers once a second (FollowTracker) to attach to replicas that
// appear and say which went away.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "app_support.hpp"
#include "infractl/app/attach.hpp"
#include "infractl/attach/follow_tracker.hpp"
#include "infractl/attach/log_lines.hpp"
#include "infractl/engine/docker_engine.hpp"

namespace infractl {

namespace {

using namespace std::chrono_literals;

// How often --follow lists the stack's containers.
constexpr auto kFollowPoll = 1000ms;
// Replicas read at once without --follow.
constexpr std::size_t kLogsParallel = 8;

// Writes whole lines to stdout, one thread at a time, flushed at once (a
// follower's output is read as it comes, often through a pipe).
class LogPrinter {
public:
    explicit LogPrinter(LogFormat format) : format_(format) {}
    void widen(const std::vector<Target>& targets) {
        std::lock_guard<std::mutex> lock(mu_);
        format_.width = label_width(targets, format_.width);
    }
    void print(const LogLine& line) {
        std::lock_guard<std::mutex> lock(mu_);
        std::string text = render_log_line(line, format_);
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
    }

private:
    std::mutex mu_;
    LogFormat format_;
};

void note(const std::string& text) { std::fprintf(stderr, "infractl: %s\n", text.c_str()); }

struct LogQuery {
    bool follow = false;
    std::string tail = "all";
    std::string since;  // engine form: unix seconds[.nanoseconds]; "" = from the start
};

std::string logs_target(const Target& t, const LogQuery& q) {
    std::string target = "/containers/" + t.id + "/logs?stdout=1&stderr=1&timestamps=1";
    target += q.follow ? "&follow=1" : "&follow=0";
    target += "&tail=" + url_encode(q.tail);
    if (!q.since.empty()) target += "&since=" + url_encode(q.since);
    return target;
}

// Reads one replica's log (demultiplexed, split into lines) into on_line;
// returns the time of its last line ("" when none). A container removed
// meanwhile has no log left to read: not an error.
std::string read_log(DockerEngine& engine, const Target& t, const LogQuery& q, const std::atomic<bool>* cancel,
                     const std::function<void(LogLine)>& on_line) {
    std::string last_time;
    auto emit = [&](StdStream s, std::string_view raw) {
        auto [time, text] = split_timestamp(raw);
        if (!time.empty()) last_time = time;
        on_line(LogLine{t, s, std::move(time), std::move(text)});
    };
    LineSplitter out([&](std::string_view l) { emit(StdStream::stdout_, l); });
    LineSplitter err([&](std::string_view l) { emit(StdStream::stderr_, l); });
    FrameDecoder frames([&](StdStream s, std::string_view p) { (s == StdStream::stderr_ ? err : out).feed(p); });
    try {
        engine.call_stream({.target = logs_target(t, q), .timeout = 0s, .cancel = cancel},
                           fmt::format("logs of '{}'", t.container), [&](std::string_view c) { frames.feed(c); });
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::not_found) throw;
    }
    out.flush();
    err.flush();
    return last_time;
}

std::string since_value(const std::optional<Duration>& since) {
    if (!since) return "";
    auto now = std::chrono::system_clock::now().time_since_epoch();
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(now).count() - since->ns / 1'000'000'000;
    return std::to_string(secs < 0 ? 0 : secs);
}

ExitCode print_logs(DockerEngine& engine, const std::vector<Target>& targets, const LogQuery& q,
                    LogPrinter& printer) {
    std::vector<std::vector<LogLine>> per(targets.size());
    run_parallel(targets.size(), kLogsParallel, [&](std::size_t i) {
        read_log(engine, targets[i], q, nullptr, [&](LogLine l) { per[i].push_back(std::move(l)); });
    });
    std::vector<LogLine> all;
    for (auto& lines : per) std::move(lines.begin(), lines.end(), std::back_inserter(all));
    merge_by_time(all);
    for (const auto& l : all) printer.print(l);
    return ExitCode::ok;
}

// One replica's stream under --follow, on its own thread.
struct FollowStream {
    std::thread thread;
    std::atomic<bool> done{false};
    std::string last_time;  // written by the thread, read after join
};

class Follower {
public:
    Follower(DockerEngine& engine, LogPrinter& printer) : engine_(engine), printer_(printer) {}
    ~Follower() {
        stop_ = true;  // the streams notice within about a second (libcurl's progress callback)
        for (auto& [id, s] : streams_) s->thread.join();
    }

    void start(const Target& t, LogQuery q) {
        auto s = std::make_unique<FollowStream>();
        FollowStream* raw = s.get();
        q.follow = true;
        raw->thread = std::thread([this, t, q, raw] {
            try {
                raw->last_time = read_log(engine_, t, q, &stop_, [this](LogLine l) { printer_.print(l); });
            } catch (const Error& e) {
                if (e.kind() != ErrorKind::interrupted) note(fmt::format("logs of {}: {}", t.label(), e.what()));
            }
            raw->done = true;
        });
        streams_[t.id] = std::move(s);
    }
    // Joins the streams that ended; returns their container ids.
    std::vector<std::string> reap() {
        std::vector<std::string> ended;
        for (auto it = streams_.begin(); it != streams_.end();) {
            if (!it->second->done) {
                ++it;
                continue;
            }
            it->second->thread.join();
            if (!it->second->last_time.empty()) last_time_[it->first] = it->second->last_time;
            ended.push_back(it->first);
            it = streams_.erase(it);
        }
        return ended;
    }
    // Where a resumed stream of `id` starts: after the last line printed.
    LogQuery resume_query(const std::string& id) const {
        auto it = last_time_.find(id);
        if (it == last_time_.end()) return {};
        return {.since = since_after(it->second).value_or("")};
    }

private:
    DockerEngine& engine_;
    LogPrinter& printer_;
    std::atomic<bool> stop_{false};
    std::map<std::string, std::unique_ptr<FollowStream>> streams_;
    std::map<std::string, std::string> last_time_;
};

std::string stopped_text(const Target& t) {
    if (has_exited(t.state)) return fmt::format("{} stopped (exited with code {})", t.label(), t.exit_code);
    return fmt::format("{} stopped ({})", t.label(), to_string(t.state));
}

ExitCode follow_logs(DockerEngine& engine, const std::string& stack, const Selection& sel, const LogQuery& first,
                     LogPrinter& printer) {
    InterruptGuard guard;
    Follower follower(engine, printer);
    FollowTracker tracker;
    using K = FollowEvent::Kind;
    while (!guard.flag()) {
        for (const auto& id : follower.reap()) tracker.stream_ended(id);
        std::vector<Target> targets = select_targets(engine.list_containers(stack), sel);
        printer.widen(targets);
        for (const auto& ev : tracker.poll(targets)) {
            switch (ev.kind) {
                case K::attach: follower.start(ev.target, first); break;
                case K::appeared:
                    note(fmt::format("{} appeared: following it", ev.target.label()));
                    follower.start(ev.target, {});
                    break;
                case K::resumed: follower.start(ev.target, follower.resume_query(ev.target.id)); break;
                case K::stopped: note(stopped_text(ev.target)); break;
                case K::removed: note(fmt::format("{} is gone (removed)", ev.target.label())); break;
            }
        }
        for (auto waited = 0ms; waited < kFollowPoll && !guard.flag(); waited += 100ms)
            std::this_thread::sleep_for(100ms);
    }
    return ExitCode::interrupted;
}

}  // namespace

ExitCode run_logs(const GlobalOptions& g, const LogsCommandOptions& o) {
    Session s = Session::open(g);
    if (s.backend_name() != "docker")
        throw Error(ErrorKind::refused, "logs reads the containers of the docker backend",
                    "for Swarm services use `docker service logs`");
    Selection sel = check_selection(s.desired(), o.project, o.service, o.replica);
    DockerEngine engine(engine_socket_path(g.host));
    LogPrinter printer(LogFormat{.json = g.output == "json", .color = g.color, .timestamps = o.timestamps});
    LogQuery query{.tail = o.tail, .since = since_value(o.since)};
    if (o.follow) return follow_logs(engine, s.stack(), sel, query, printer);

    std::vector<Target> targets = select_targets(engine.list_containers(s.stack()), sel);
    if (targets.empty()) {
        note("no containers to show logs of (hint: `infractl up` starts them; `infractl status` shows them)");
        return ExitCode::ok;
    }
    printer.widen(targets);
    return print_logs(engine, targets, query, printer);
}

}  // namespace infractl
