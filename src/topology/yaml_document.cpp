#include "yaml_document.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "infractl/topology/loader.hpp"

namespace infractl::yaml {

namespace {

// Thrown out of the event handler to abandon a document that cannot be used.
struct Stop {
    int line, column;
    std::string message, hint;
};

Stop stop_at(const YAML::Mark& m, std::string message, std::string hint = {}) {
    return Stop{std::max(m.line, 0) + 1, std::max(m.column, 0) + 1, std::move(message), std::move(hint)};
}

class Builder final : public YAML::EventHandler {
public:
    Builder(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

    NodePtr root() const { return root_; }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        attach(leaf(mark, Node::Kind::null, {}), anchor, mark);
    }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  const std::string& value) override {
        attach(leaf(mark, Node::Kind::scalar, value), anchor, mark);
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto it = anchors_.find(anchor);
        if (it == anchors_.end())
            throw stop_at(mark, "alias refers to the node that contains it",
                          "an alias can only repeat a node that is complete");
        attach_existing(it->second, mark);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, Node::Kind::sequence, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, Node::Kind::mapping, anchor);
    }
    void OnMapEnd() override {
        check_duplicate_keys(*stack_.back().node);
        expand_merge_keys(*stack_.back().node);
        close();
    }

private:
    struct Frame {
        std::shared_ptr<Node> node;
        YAML::anchor_t anchor = YAML::NullAnchor;
        YAML::Mark mark;
        NodePtr pending_key;
    };

    static std::shared_ptr<Node> leaf(const YAML::Mark& mark, Node::Kind kind, std::string value) {
        auto n = std::make_shared<Node>();
        n->kind = kind;
        n->line = mark.line + 1;
        n->column = mark.column + 1;
        n->value = std::move(value);
        return n;
    }

    void spend(std::size_t weight, int height, const YAML::Mark& mark) {
        visited_ += weight;
        if (visited_ > kMaxNodes)
            throw stop_at(mark, fmt::format("document too large: more than {} nodes once aliases are expanded",
                                            kMaxNodes),
                          "an alias repeats a big block many times; write the values out or shrink them");
        if (static_cast<int>(stack_.size()) + height > kMaxDepth)
            throw stop_at(mark, fmt::format("nesting deeper than {} levels", kMaxDepth),
                          "flatten the structure; topology files need a few levels only");
    }

    void attach(std::shared_ptr<Node> n, YAML::anchor_t anchor, const YAML::Mark& mark) {
        spend(1, 1, mark);
        if (anchor != YAML::NullAnchor) anchors_[anchor] = n;
        add_to_parent(std::move(n));
    }

    void attach_existing(const NodePtr& n, const YAML::Mark& mark) {
        spend(n->weight, n->height, mark);
        add_to_parent(n);
    }

    void open(const YAML::Mark& mark, Node::Kind kind, YAML::anchor_t anchor) {
        spend(1, 1, mark);
        stack_.push_back(Frame{leaf(mark, kind, {}), anchor, mark, nullptr});
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
        if (f.anchor != YAML::NullAnchor) anchors_[f.anchor] = f.node;
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
    std::unordered_map<YAML::anchor_t, NodePtr> anchors_;
    NodePtr root_;
    std::size_t visited_ = 0;
};

// Rejects a second document: the formats hold exactly one.
class SecondDocument final : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark& mark) override {
        throw stop_at(mark, "expected one YAML document, found a second one",
                      "remove the '---' separator and what follows, or split the file");
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

// Position of byte `offset` as a 0-based mark, for problems found before parsing.
YAML::Mark mark_at(const std::string& text, std::size_t offset) {
    YAML::Mark m;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++m.line;
            m.column = 0;
        } else {
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

std::string lowercase_first(std::string s) {
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
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
        std::istringstream in(text);
        YAML::Parser parser(in);
        Builder builder(file, diags);
        parser.HandleNextDocument(builder);
        if (!builder.root())
            throw Stop{1, 1, "file is empty", "a topology or profile file starts with 'version: 1'"};
        SecondDocument second;
        parser.HandleNextDocument(second);
        return builder.root();
    } catch (const Stop& s) {
        diags.error(Location{file, s.line, s.column}, s.message, s.hint);
    } catch (const YAML::ParserException& e) {
        diags.error(Location{file, std::max(e.mark.line, 0) + 1, std::max(e.mark.column, 0) + 1},
                    "invalid YAML: " + lowercase_first(e.msg),
                    "check the indentation and quoting on this line and the one before");
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
