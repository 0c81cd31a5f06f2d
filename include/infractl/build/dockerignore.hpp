#pragma once
// .dockerignore with Docker's rules (moby/patternmatcher, as the docker CLI
// applies them to a build context):
// - one pattern a line; blank lines and lines starting with '#' are skipped;
//   surrounding spaces are trimmed; the pattern is cleaned like Go's
//   filepath.Clean and a leading '/' is dropped (patterns are relative to the
//   context root);
// - '*' matches any run of characters but '/', '?' one character but '/',
//   [...] a class, '\' escapes; '**' matches any number of folders (zero too);
// - a line starting with '!' is an exception: it re-includes what an earlier
//   line excluded; the last line that matches a path decides;
// - a pattern that matches a folder matches everything below it.
#include <string>
#include <string_view>
#include <vector>

namespace infractl {

class DockerIgnore {
public:
    static DockerIgnore parse(std::string_view text);

    // `path` is relative to the context root, '/'-separated ("app/x.pyc").
    bool excluded(std::string_view path) const;
    // Some line starts with '!': an excluded folder may hold included files,
    // so it must be walked.
    bool has_exceptions() const;
    bool empty() const { return patterns_.empty(); }

private:
    struct Pattern {
        std::vector<std::string> segments;
        bool exception = false;
    };
    std::vector<Pattern> patterns_;
};

}  // namespace infractl
