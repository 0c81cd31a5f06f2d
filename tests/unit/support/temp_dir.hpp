#pragma once
// Scratch folders for the tests that touch the file system (state files,
// locks, the input lookup), removed with their files at scope exit.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace infractl::test {

// A private directory under /tmp.
struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/infractl-unit-XXXXXX";
        const char* p = ::mkdtemp(tmpl);
        if (p == nullptr) throw std::runtime_error("mkdtemp failed");  // else tests would write to "/..."
        path = p;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // Writes `text` to path/relative, parents created.
    void write(const std::string& relative, const std::string& text = "") const {
        std::filesystem::path p = std::filesystem::path(path) / relative;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p) << text;
    }
};

// A TempDir that is the working directory while it lives, for code that
// resolves relative paths (the topology and profile lookup).
struct ScratchDir : TempDir {
    std::filesystem::path old = std::filesystem::current_path();
    ScratchDir() { std::filesystem::current_path(path); }
    ~ScratchDir() { std::filesystem::current_path(old); }
};

}  // namespace infractl::test
