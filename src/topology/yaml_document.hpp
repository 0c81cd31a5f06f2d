#pragma once
// A small YAML tree built from libyaml's event stream. libyaml rather than
// yaml-cpp: it loads a 1,000-service topology about 5x faster (21 ms against
// 110-150 ms, docs/performance.md). Our own tree rather than a library's,
// because the loader needs what a generic document model hides:
// - every node's 1-based line and column;
// - duplicate keys (generic models keep one or both and say nothing);
// - a bound on the work an alias bomb causes: each alias adds the size of the
//   node it repeats to a budget of kMaxNodes, so "billion laughs" stops at the
//   first alias that would pass it, in time and memory linear in the file;
// - a nesting bound (kMaxDepth), which also makes self-referencing anchors
//   (`&a [*a]`, which YAML allows) harmless.
// Aliases share the node they repeat, so the tree is a DAG of const nodes.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "infractl/core/diagnostics.hpp"

namespace infractl::yaml {

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct Node {
    enum class Kind { null, scalar, sequence, mapping };
    Kind kind = Kind::null;
    int line = 1;  // 1-based
    int column = 1;
    std::string value;                                  // scalar text
    std::vector<NodePtr> items;                         // sequence
    std::vector<std::pair<NodePtr, NodePtr>> entries;   // mapping, in file order
    std::size_t weight = 1;  // nodes in this subtree, aliases expanded
    int height = 1;          // levels in this subtree, aliases expanded

    bool is_null() const { return kind == Kind::null; }
    bool is_scalar() const { return kind == Kind::scalar; }
    bool is_sequence() const { return kind == Kind::sequence; }
    bool is_mapping() const { return kind == Kind::mapping; }
};

// "a mapping", "a sequence", "a string", "an empty value": for messages.
const char* kind_name(const Node& n);

// Parses the single YAML document in `text`. Problems that make the file
// unusable (too big, NUL byte, invalid UTF-8, syntax error, empty, budget or
// depth exceeded, several documents) are reported as exactly one located
// error and nullptr is returned. Duplicate keys are reported but the tree is
// still returned (later keys win when read), so other problems show too.
NodePtr parse_document(const std::string& text, const std::string& file, Diagnostics& diags);

// Reads a whole file, refusing directories, unreadable paths and files above
// kMaxFileBytes (reading stops there, so /dev/zero cannot exhaust memory).
// Reports one error located at path:1:1 and returns nullopt on failure.
std::optional<std::string> read_text_file(const std::string& path, Diagnostics& diags);

}  // namespace infractl::yaml
