#pragma once
// Where a value came from in a user's file. Lines and columns are 1-based, as
// editors show them; a default Location means "no file position" (for values
// built in code or taken from the command line).
#include <string>

namespace infractl {

struct Location {
    std::string file;
    int line = 0;
    int column = 0;

    bool known() const { return line > 0; }
    // "file:line:col", or just "file" when the position is unknown.
    std::string str() const;
    friend bool operator==(const Location&, const Location&) = default;
};

}  // namespace infractl
