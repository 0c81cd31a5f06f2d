#pragma once
// compose file text -> compose::File. Format 2.x, 3.x and the compose spec
// (no `version`); format 1 (services at the top level) is refused.
//
// Every key infractl cannot express is reported at its file:line:col as
// "compose key 'x' is not supported (hint: ...)": a warning, or an error
// with Unsupported::error (`--strict`). Not YAML, not a mapping, or a key
// with a wrong type is an error. On any error the result must not be used.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "infractl/compose/compose_model.hpp"
#include "infractl/core/diagnostics.hpp"

namespace infractl::compose {

enum class Unsupported { warn, error };

// Parses `text` as the compose file at `path` (used in every Location; its
// folder is the base of relative paths). Returns nullopt when the file is
// unusable (not YAML, not a mapping); other errors land in diags.
std::optional<File> parse_compose_text(const std::string& text, const std::string& path, Unsupported mode,
                                       Diagnostics& diags);

// Reads a file's text; reports a located error and returns nullopt when it cannot.
using ReadFile = std::function<std::optional<std::string>(const std::string& path, Diagnostics& diags)>;
ReadFile disk_reader();

// Loads `paths` in order, resolves `extends` in each (other files through
// `read`), and merges each later file into the first as compose merges an
// override file: single values replace, environment and labels merge by key,
// volumes by target, ports append, depends_on and networks merge by name.
std::optional<File> load_compose_files(const std::vector<std::string>& paths, const ReadFile& read,
                                       Unsupported mode, Diagnostics& diags);

}  // namespace infractl::compose
