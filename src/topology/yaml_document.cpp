#include "yaml_document.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <yaml.h>

#include "infractl/topology/loader.hpp"

namespace infractl::yaml {

namespace {

// A 0-based position, as libyaml reports them.
struct Mark {
    std::size_t line = 0, column = 0;
};

Mark mark_of(const yaml_mark_t& m) { return Mark{m.line, m.column}; }

// Thrown to abandon a document that cannot be used.
struct Stop {
    int line, column;
    std::string message, hint;
};

Stop stop_at(const Mark& m, std::string message, std::string hint = {}) {
    return Stop{static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1, std::move(message), std::move(hint)};
}

std::string text_of(const yaml_char_t* s) { return s ? reinterpret_cast<const char*>(s) : ""; }

// The YAML core schema's null, as compose and yaml-cpp read it: an
// untagged plain scalar that is empty, `~` or null.
bool is_null_scalar(const yaml_event_t& ev) {
    const auto& sc = ev.data.scalar;
    if (sc.style != YAML_PLAIN_SCALAR_STYLE || sc.tag) return false;
    std::string_view v(reinterpret_cast<const char*>(sc.value), sc.length);
    return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

// Builds the tree from libyaml's event stream, one event at a time.
class Builder {
public:
    Builder(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

    NodePtr root() const { return root_; }

    void on_scalar(const yaml_event_t& ev) {
        const auto& sc = ev.data.scalar;
        Mark mark = mark_of(ev.start_mark);
        if (is_null_scalar(ev))
            attach(leaf(mark, Node::Kind::null, {}), sc.anchor, mark);
        else
            attach(leaf(mark, Node::Kind::scalar, std::string(reinterpret_cast<const char*>(sc.value), sc.length)),
                   sc.anchor, mark);
    }
    void on_alias(const yaml_event_t& ev) {
        Mark mark = mark_of(ev.start_mark);
        std::string name = text_of(ev.data.alias.anchor);
        auto it = anchors_.find(name);
        if (it != anchors_.end()) return attach_existing(it->second, mark);
        bool open = std::any_of(stack_.begin(), stack_.end(), [&](const Frame& f) { return f.anchor == name; });
        if (open)
            throw stop_at(mark, "alias refers to the node that contains it",
                          "an alias can only repeat a node that is complete");
        throw stop_at(mark, fmt::format("alias *{} names no anchor defined before it", name),
                      fmt::format("mark the node to repeat with &{} earlier in the file", name));
    }
    void on_open(const yaml_event_t& ev, Node::Kind kind, const yaml_char_t* anchor) {
        Mark mark = mark_of(ev.start_mark);
        spend(1, 1, mark);
        stack_.push_back(Frame{leaf(mark, kind, {}), text_of(anchor), nullptr});
    }
    void on_close() {
        if (stack_.back().node->is_mapping()) {
            check_duplicate_keys(*stack_.back().node);
            expand_merge_keys(*stack_.back().node);
        }
        close();
    }

private:
    struct Frame {
        std::shared_ptr<Node> node;
        std::string anchor;
        NodePtr pending_key;
    };

    static std::shared_ptr<Node> leaf(const Mark& mark, Node::Kind kind, std::string value) {
        auto n = std::make_shared<Node>();
        n->kind = kind;
        n->line = static_cast<int>(mark.line) + 1;
        n->column = static_cast<int>(mark.column) + 1;
        n->value = std::move(value);
        return n;
    }

    void spend(std::size_t weight, int height, const Mark& mark) {
        visited_ += weight;
        if (visited_ > kMaxNodes)
            throw stop_at(mark, fmt::format("document too large: more than {} nodes once aliases are expanded",
                                            kMaxNodes),
                          "an alias repeats a big block many times; write the values out or shrink them");
        if (static_cast<int>(stack_.size()) + height > kMaxDepth)
            throw stop_at(mark, fmt::format("nesting deeper than {} levels", kMaxDepth),
                          "flatten the structure; topology files need a few levels only");
    }

    void attach(std::shared_ptr<Node> n, const yaml_char_t* anchor, const Mark& mark) {
        spend(1, 1, mark);
        if (anchor) anchors_[text_of(anchor)] = n;
        add_to_parent(std::move(n));
    }

    void attach_existing(const NodePtr& n, const Mark& mark) {
        spend(n->weight, n->height, mark);
        add_to_parent(n);
    }

    void close() {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        Node& n = *f.node;
        for (const auto& c : n.items) add_size(n, *c);
        for (const auto& [k, v] : n.entries) {
            add_size(n, *k);
            add_size(n, *v);
        }
        // The anchor becomes usable only now that the node is complete.
        if (!f.anchor.empty()) anchors_[f.anchor] = f.node;
        add_to_parent(f.node);
    }

    static void add_size(Node& parent, const Node& child) {
        parent.weight += child.weight;
        parent.height = std::max(parent.height, child.height + 1);
    }

    void add_to_parent(NodePtr n) {
        if (stack_.empty()) {
            if (!root_) root_ = std::move(n);
            return;
        }
        Frame& f = stack_.back();
        if (f.node->kind == Node::Kind::sequence) {
            f.node->items.push_back(std::move(n));
        } else if (!f.pending_key) {
            f.pending_key = std::move(n);
        } else {
            f.node->entries.emplace_back(std::move(f.pending_key), std::move(n));
            f.pending_key = nullptr;
        }
    }
    void check_duplicate_keys(const Node& map) {
        std::unordered_map<std::string_view, int> first_line;
        first_line.reserve(map.entries.size());
        for (const auto& [k, v] : map.entries) {
            if (!k->is_scalar()) continue;
            auto [it, inserted] = first_line.emplace(k->value, k->line);
            if (!inserted)
                diags_.error(Location{file_, k->line, k->column}, fmt::format("duplicate key '{}'", k->value),
                             fmt::format("first defined at line {}", it->second));
        }
    }

    // YAML 1.1 merge keys, as compose files use them (`<<: *defaults`): the
    // entries of the merged mapping(s) are spliced in, explicit keys win, and
    // among several merged mappings the first wins. The merged nodes are
    // shared, not copied, and were already counted when their alias was read.
    void expand_merge_keys(Node& map) {
        auto is_merge = [](const NodePtr& k) { return k->is_scalar() && k->value == "<<"; };
        if (std::none_of(map.entries.begin(), map.entries.end(), [&](const auto& e) { return is_merge(e.first); }))
            return;
        std::unordered_set<std::string_view> taken;
        for (const auto& [k, v] : map.entries)
            if (k->is_scalar() && !is_merge(k)) taken.insert(k->value);
        std::vector<std::pair<NodePtr, NodePtr>> out;
        auto merge_from = [&](const Node& src) {
            for (const auto& [k, v] : src.entries)
                if (!k->is_scalar() || taken.insert(k->value).second) out.emplace_back(k, v);
        };
        for (auto& entry : map.entries) {
            if (!is_merge(entry.first)) {
                out.push_back(std::move(entry));
                continue;
            }
            const Node& v = *entry.second;
            std::vector<const Node*> sources;
            if (v.is_mapping()) sources.push_back(&v);
            for (const auto& item : v.items) sources.push_back(item.get());
            bool ok = !sources.empty() &&
                      std::all_of(sources.begin(), sources.end(), [](const Node* n) { return n->is_mapping(); });
            if (!ok) {
                diags_.error(Location{file_, v.line, v.column}, "merge key '<<' needs a mapping or a list of mappings",
                             "e.g. <<: *defaults, where &defaults marks a mapping");
                continue;
            }
            for (const Node* src : sources) merge_from(*src);
        }
        map.entries = std::move(out);
    }

    const std::string& file_;
    Diagnostics& diags_;
    std::vector<Frame> stack_;
    std::unordered_map<std::string, NodePtr> anchors_;
    NodePtr root_;
    std::size_t visited_ = 0;
};

// libyaml skips a UTF-8 byte order mark without counting it in columns.
std::size_t bom_length(const std::string& text) { return text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0; }

// Byte offset of a 0-based mark (line, column in characters) in `text`.
std::size_t offset_of(const std::string& text, const Mark& m) {
    std::size_t i = bom_length(text);
    for (std::size_t line = 0; line < m.line && i < text.size(); ++i)
        if (text[i] == '\n') ++line;
    for (std::size_t col = 0; col < m.column && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    return i;
}

Mark mark_at(const std::string& text, std::size_t offset);

// Owns a libyaml parser reading `text` (which must outlive it).
class Parser {
public:
    explicit Parser(const std::string& text) : text_(text) {
        if (!yaml_parser_initialize(&parser_)) throw std::bad_alloc();
        yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    }
    ~Parser() { yaml_parser_delete(&parser_); }
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;

    // The next event, or a Stop naming libyaml's problem and where it is.
    void next(yaml_event_t& ev) {
        if (yaml_parser_parse(&parser_, &ev)) return;
        if (parser_.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
        std::string problem = parser_.problem ? parser_.problem : "syntax error";
        if (parser_.error == YAML_READER_ERROR)  // bad characters: located by byte offset
            throw stop_at(mark_at(text_, parser_.problem_offset), "invalid YAML: " + problem,
                          fmt::format("remove it, or write it as \"\\u{:04X}\" inside a double-quoted string",
                                      parser_.problem_value));
        Mark at = mark_of(parser_.problem_mark);
        std::size_t offset = offset_of(text_, at);
        if (offset < text_.size() && text_[offset] == '\t')
            throw stop_at(at, "invalid YAML: a tab character where YAML allows only spaces",
                          "indent with spaces; YAML forbids tabs in indentation");
        std::string message = "invalid YAML: " + problem;
        if (parser_.context)
            message += fmt::format(" ({} at line {})", parser_.context, parser_.context_mark.line + 1);
        throw stop_at(at, std::move(message), "check the indentation and quoting on this line and the one before");
    }

private:
    const std::string& text_;
    yaml_parser_t parser_;
};

// Frees an event's strings when it goes out of scope.
struct Event {
    yaml_event_t ev{};
    ~Event() { yaml_event_delete(&ev); }
};

// Position of byte `offset` as a 0-based mark, counting characters as libyaml
// does (UTF-8 continuation bytes do not move the column), for problems found
// before parsing.
Mark mark_at(const std::string& text, std::size_t offset) {
    Mark m;
    for (std::size_t i = bom_length(text); i < offset; ++i) {
        if (text[i] == '\n') {
            ++m.line;
            m.column = 0;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++m.column;
        }
    }
    return m;
}

// Length of the UTF-8 sequence starting at text[i], or 0 when it is invalid.
// Overlong forms (C0 AF for '/'), UTF-16 surrogates and code points above
// U+10FFFF are invalid too: they passed before, and reached the JSON outputs
// and the engine's JSON bodies, which refuse them.
std::size_t utf8_length(const std::string& text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) return 0;
    if (len == 1) return 1;
    std::uint32_t cp = c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
        if ((byte(i + k) >> 6) != 0x2) return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
    return len;
}

void check_bytes(const std::string& text) {
    if (text.size() > kMaxFileBytes)
        throw Stop{1, 1, fmt::format("file too large: {} bytes, the limit is {}", text.size(), kMaxFileBytes),
                   "topology and profile files are a few kilobytes; is this the right file?"};
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\0')
            throw stop_at(mark_at(text, i), "file contains a NUL byte", "is this a binary file?");
        std::size_t len = utf8_length(text, i);
        if (len == 0)
            throw stop_at(mark_at(text, i), "file is not valid UTF-8", "is this a binary file? save it as UTF-8");
        i += len;
    }
}


}  // namespace

const char* kind_name(const Node& n) {
    switch (n.kind) {
        case Node::Kind::null: return "an empty value";
        case Node::Kind::scalar: return "a string";
        case Node::Kind::sequence: return "a sequence";
        case Node::Kind::mapping: return "a mapping";
    }
    return "a value";
}

NodePtr parse_document(const std::string& text, const std::string& file, Diagnostics& diags) {
    try {
        check_bytes(text);
        if (text.find_first_not_of(" \t\r\n") == std::string::npos)
            throw Stop{1, 1, "file is empty", "a topology or profile file starts with 'version: 1'"};
        Parser parser(text);
        Builder builder(file, diags);
        int documents = 0;
        for (bool done = false; !done;) {
            Event e;
            parser.next(e.ev);
            const yaml_event_t& ev = e.ev;
            switch (ev.type) {
                case YAML_STREAM_END_EVENT: done = true; break;
                case YAML_DOCUMENT_START_EVENT:
                    if (++documents > 1)
                        throw stop_at(mark_of(ev.start_mark), "expected one YAML document, found a second one",
                                      "remove the '---' separator and what follows, or split the file");
                    break;
                case YAML_SCALAR_EVENT: builder.on_scalar(ev); break;
                case YAML_ALIAS_EVENT: builder.on_alias(ev); break;
                case YAML_SEQUENCE_START_EVENT:
                    builder.on_open(ev, Node::Kind::sequence, ev.data.sequence_start.anchor);
                    break;
                case YAML_MAPPING_START_EVENT:
                    builder.on_open(ev, Node::Kind::mapping, ev.data.mapping_start.anchor);
                    break;
                case YAML_SEQUENCE_END_EVENT:
                case YAML_MAPPING_END_EVENT: builder.on_close(); break;
                default: break;
            }
        }
        if (!builder.root())
            throw Stop{1, 1, "file is empty", "a topology or profile file starts with 'version: 1'"};
        return builder.root();
    } catch (const Stop& s) {
        diags.error(Location{file, s.line, s.column}, s.message, s.hint);
    } catch (const std::exception& e) {
        diags.error(Location{file, 1, 1}, std::string("cannot parse YAML: ") + e.what());
    }
    return nullptr;
}

std::optional<std::string> read_text_file(const std::string& path, Diagnostics& diags) {
    Location at{path, 1, 1};
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        diags.error(at, "is a directory, not a file", "pass the YAML file itself, e.g. specs/monorepo.yaml");
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diags.error(at, fmt::format("cannot open file: {}", std::strerror(errno)));
        return std::nullopt;
    }
    std::string text;
    char chunk[1 << 16];
    while (text.size() <= kMaxFileBytes && in.read(chunk, sizeof chunk).gcount() > 0)
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (in.bad()) {
        diags.error(at, fmt::format("cannot read file: {}", std::strerror(errno)));
        return std::nullopt;
    }
    if (text.size() > kMaxFileBytes) {
        diags.error(at, fmt::format("file too large: more than {} bytes", kMaxFileBytes),
                    "topology and profile files are a few kilobytes; is this the right file?");
        return std::nullopt;
    }
    return text;
}

}  // namespace infractl::yaml
