#include "infractl/build/dockerignore.hpp"

#include <fnmatch.h>

#include <algorithm>

namespace infractl {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Go's filepath.Clean on a '/' path, split into its segments; a leading '/'
// is dropped (Docker: patterns are relative to the context root).
std::vector<std::string> clean_segments(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= path.size()) {
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        std::string_view seg = path.substr(i, j - i);
        if (seg == "..") {
            if (!out.empty() && out.back() != "..") out.pop_back();
        } else if (!seg.empty() && seg != ".") {
            out.emplace_back(seg);
        }
        i = j + 1;
    }
    return out;
}

bool match_segments(const std::vector<std::string>& pat, std::size_t pi, const std::vector<std::string>& path,
                    std::size_t si) {
    if (pi == pat.size()) return si == path.size();
    if (pat[pi] == "**") {
        for (std::size_t k = si; k <= path.size(); ++k)
            if (match_segments(pat, pi + 1, path, k)) return true;
        return false;
    }
    if (si == path.size()) return false;
    if (fnmatch(pat[pi].c_str(), path[si].c_str(), 0) != 0) return false;
    return match_segments(pat, pi + 1, path, si + 1);
}

// The path itself or one of the folders above it.
bool matches(const std::vector<std::string>& pat, std::vector<std::string> path) {
    while (!path.empty()) {
        if (match_segments(pat, 0, path, 0)) return true;
        path.pop_back();
    }
    return false;
}

}  // namespace

DockerIgnore DockerIgnore::parse(std::string_view text) {
    DockerIgnore out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = text.find('\n', i);
        if (j == std::string_view::npos) j = text.size();
        std::string_view line = text.substr(i, j - i);
        i = j + 1;
        if (!line.empty() && line.front() == '#') continue;
        line = trim(line);
        if (line.empty()) continue;
        Pattern p;
        if (line.front() == '!') {
            p.exception = true;
            line = trim(line.substr(1));
        }
        p.segments = clean_segments(line);
        if (p.segments.empty()) continue;  // "/" or "." would exclude the whole context: Docker ignores it too
        out.patterns_.push_back(std::move(p));
    }
    return out;
}

bool DockerIgnore::excluded(std::string_view path) const {
    std::vector<std::string> segs = clean_segments(path);
    bool out = false;
    for (const auto& p : patterns_) {
        if (p.exception != out) continue;  // cannot change the verdict
        if (matches(p.segments, segs)) out = !p.exception;
    }
    return out;
}

bool DockerIgnore::has_exceptions() const {
    return std::any_of(patterns_.begin(), patterns_.end(), [](const Pattern& p) { return p.exception; });
}

}  // namespace infractl
