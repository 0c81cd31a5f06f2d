#include "golden.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace infractl::test {

namespace fs = std::filesystem;

namespace {

// Where a mismatching run leaves what it got, for scripts/update-goldens.sh.
fs::path actual_path(const std::string& relative) {
    return fs::path(INFRACTL_BINARY_DIR) / "golden-actual" / relative;
}

void save_actual(const std::string& relative, const std::string& actual) {
    fs::path p = actual_path(relative);
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    std::ofstream(p, std::ios::binary) << actual;
}

// "line 3: expected 'a' | got 'b'": the first difference, so a failure in a
// 700-line golden says where to look.
std::string first_difference(const std::string& expected, const std::string& actual) {
    std::istringstream e(expected), a(actual);
    std::string le, la;
    for (int line = 1;; ++line) {
        bool more_e = static_cast<bool>(std::getline(e, le));
        bool more_a = static_cast<bool>(std::getline(a, la));
        if (!more_e && !more_a) return "only the final newline differs";
        if (!more_e) return "line " + std::to_string(line) + ": the golden ends, got '" + la + "'";
        if (!more_a) return "line " + std::to_string(line) + ": the output ends, expected '" + le + "'";
        if (le != la) return "line " + std::to_string(line) + ": expected '" + le + "' | got '" + la + "'";
    }
}

}  // namespace

std::string source_path(const std::string& relative) {
    return std::string(INFRACTL_SOURCE_DIR) + "/" + relative;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void check_golden(const std::string& relative, const std::string& actual) {
    const std::string path = source_path(relative);
    INFO("golden file " << relative);
    const bool exists = fs::exists(path);
    const std::string expected = read_file(path);
    if (exists && expected == actual) return;
    save_actual(relative, actual);
    FAIL_CHECK((exists ? first_difference(expected, actual) : "the golden file does not exist")
               << "\nthe output is in " << actual_path(relative).string()
               << "; after an intended change run scripts/update-goldens.sh and review the diff");
}

namespace {

void replace_every(std::string& text, const std::string& from, const std::string& to) {
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
        text.replace(pos, from.size(), to);
}

}  // namespace

std::string portable(const DesiredState& state, std::string text) {
    const std::string src = INFRACTL_SOURCE_DIR;
    for (const auto& s : state.services)
        for (const auto& m : s.spec.mounts)
            if (!m.is_volume && m.source.rfind(src, 0) == 0 && !s.config_hash.empty())
                replace_every(text, s.config_hash, "<hash of a checkout path>");
    replace_every(text, src, "<source>");
    return text;
}

}  // namespace infractl::test
