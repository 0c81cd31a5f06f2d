#include "infractl/apply/progress.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace infractl {

namespace {

bool shows_detail(StepState s) {
    return s == StepState::pulling || s == StepState::waiting || s == StepState::failed || s == StepState::skipped;
}

bool terminal(StepState s) { return s == StepState::done || s == StepState::failed || s == StepState::skipped; }

const char* color_of(StepState s) {
    switch (s) {
        case StepState::done: return "\x1b[32m";
        case StepState::failed: return "\x1b[31m";
        case StepState::skipped: return "\x1b[33m";
        case StepState::waiting:
        case StepState::pulling: return "\x1b[36m";
        default: return "";
    }
}

}  // namespace

ProgressView::ProgressView(std::ostream& out, ProgressOptions opts) : out_(out), opts_(std::move(opts)) {}

std::chrono::steady_clock::time_point ProgressView::now() const {
    return opts_.clock ? opts_.clock() : std::chrono::steady_clock::now();
}

std::string ProgressView::colored_state(StepState s) const {
    std::string word = to_string(s);
    const char* c = color_of(s);
    if (!opts_.color || !*c) return word;
    return std::string(c) + word + "\x1b[0m";
}

void ProgressView::event(const ProgressEvent& e) {
    if (opts_.mode == ProgressMode::quiet) return;
    std::lock_guard lock(mu_);
    auto [it, inserted] = index_.try_emplace(e.target, lines_.size());
    if (inserted) lines_.push_back({e.target, e.service, StepState::pending, "", now()});
    Line& line = lines_[it->second];
    bool changed = inserted || line.state != e.state;
    if (changed) line.since = now();
    line.state = e.state;
    line.detail = e.detail;
    if (opts_.mode == ProgressMode::plain) return print_plain(line, changed);
    dirty_ = true;
    if (now() - last_draw_ >= opts_.min_redraw) redraw();
}

void ProgressView::print_plain(const Line& line, bool state_changed) {
    if (!state_changed) return;
    std::string text = fmt::format("{}: {}", line.target, colored_state(line.state));
    if (shows_detail(line.state) && !line.detail.empty()) text += ": " + line.detail;
    out_ << text << '\n' << std::flush;
}

std::string ProgressView::format_tty(const Line& line) const {
    std::size_t width = 0;
    for (const auto& l : lines_) width = std::max(width, l.target.size());
    std::string text = fmt::format("  {:<{}}  {}", line.target, width, colored_state(line.state));
    if (shows_detail(line.state) && !line.detail.empty()) text += "  " + line.detail;
    if (!terminal(line.state) && line.state != StepState::waiting) {
        auto secs = std::chrono::duration_cast<std::chrono::seconds>(now() - line.since).count();
        if (secs > 0) text += fmt::format("  {}s", secs);
    }
    return text;
}

// Moves the cursor back over what the last redraw printed and rewrites every
// line, clearing each first so shorter text leaves no residue.
void ProgressView::redraw() {
    std::string frame;
    if (drawn_ > 0) frame += fmt::format("\x1b[{}A", drawn_);
    for (const auto& line : lines_) frame += "\r\x1b[2K" + format_tty(line) + "\n";
    out_ << frame << std::flush;
    drawn_ = lines_.size();
    last_draw_ = now();
    dirty_ = false;
}

void ProgressView::finish() {
    if (opts_.mode != ProgressMode::tty) return;
    std::lock_guard lock(mu_);
    if (dirty_) redraw();
}

}  // namespace infractl
