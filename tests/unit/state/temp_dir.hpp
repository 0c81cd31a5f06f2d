#pragma once
// A private directory under /tmp, removed with its files at scope exit.
#include <cstdlib>
#include <filesystem>
#include <string>

struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/infractl-state-test-XXXXXX";
        const char* p = ::mkdtemp(tmpl);
        path = p ? p : "";
    }
    ~TempDir() {
        std::error_code ec;
        if (!path.empty()) std::filesystem::remove_all(path, ec);
    }
};
