#pragma once
// Whole-file writes for the state dir and saved plans: a temporary file in
// the same directory, written, fsynced, renamed over the old one, then the
// directory fsynced. A crash leaves the old file or the new one, never half
// of one. Mode 0600 always: state and plans may sit next to secrets.
#include <optional>
#include <string>

namespace infractl {

// Throws Error(invalid_input) naming the path when a step fails; the
// temporary file is removed then.
void write_atomically(const std::string& path, const std::string& text);

// The whole file, or nullopt when it does not exist. Throws
// Error(invalid_input) naming the path when it exists but cannot be read.
std::optional<std::string> read_whole_file(const std::string& path);

}  // namespace infractl
