#pragma once
// A sink for located problems. Loading and validation report into it and go
// on, so the user sees every problem at once; nothing downstream of validation
// runs while has_errors() is true.
#include <string>
#include <vector>

#include "infractl/core/location.hpp"

namespace infractl {

enum class Severity { error, warning };

struct Diagnostic {
    Severity severity = Severity::error;
    Location loc;
    std::string message;  // what is wrong, without trailing punctuation
    std::string hint;     // how to fix it; may be empty

    // One line: "file:line:col: message (hint: ...)"; warnings say "warning: ".
    std::string str() const;
};

class Diagnostics {
public:
    void error(Location loc, std::string message, std::string hint = {});
    void warning(Location loc, std::string message, std::string hint = {});

    bool has_errors() const;
    int error_count() const;
    const std::vector<Diagnostic>& all() const { return items_; }
    // Sorted by file, line, column, then message, so output is stable
    // whatever order the checks ran in.
    std::vector<Diagnostic> sorted() const;

private:
    std::vector<Diagnostic> items_;
};

// "did you mean 'image'?" when a candidate is within a small edit distance.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace infractl
