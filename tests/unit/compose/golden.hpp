#pragma once
// Golden comparison for the compose tests, in one function so that it can
// be swapped for the shared golden helper. It never rewrites a golden: on a
// mismatch it saves the actual text under ./compose-actual/ (the test's
// working directory, build/ under ctest), says where the first difference
// is, and how to accept the new text after reviewing it.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

namespace compose_test {

inline const std::string kCorpus = std::string(INFRACTL_SOURCE_DIR) + "/tests/data/compose";

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// "line 12: expected 'a', got 'b'" for the first line that differs.
inline std::string first_difference(const std::string& expected, const std::string& actual) {
    std::istringstream e(expected), a(actual);
    std::string le, la;
    for (int line = 1;; ++line) {
        bool more_e = static_cast<bool>(std::getline(e, le)), more_a = static_cast<bool>(std::getline(a, la));
        if (!more_e && !more_a) return "the texts differ only in line endings";
        if (!more_e) return "line " + std::to_string(line) + ": the golden ends, actual has '" + la + "'";
        if (!more_a) return "line " + std::to_string(line) + ": actual ends, the golden has '" + le + "'";
        if (le != la) return "line " + std::to_string(line) + ":\n  golden: " + le + "\n  actual: " + la;
    }
}

// `name` is the golden's path under tests/data/compose.
inline void check_golden(const std::string& name, const std::string& actual) {
    const std::string golden = kCorpus + "/" + name;
    const std::string expected = read_file(golden);
    if (expected == actual) {
        SUCCEED();
        return;
    }
    std::filesystem::path saved = std::filesystem::absolute("compose-actual/" + name);
    std::filesystem::create_directories(saved.parent_path());
    std::ofstream(saved, std::ios::binary) << actual;
    std::string what = std::filesystem::exists(golden) ? first_difference(expected, actual) : "the golden does not exist";
    FAIL_CHECK("golden mismatch: " << golden << "\n" << what
               << "\nactual text saved to " << saved.string() << "\nreview it (diff -u " << golden << " "
               << saved.string() << "), then accept it with: cp " << saved.string() << " " << golden);
}

}  // namespace compose_test
