#pragma once
// Sets or unsets one environment variable for a scope and puts back what was
// there before, for the tests of code that reads the process environment
// (tests/unit/main.cpp has already cleared INFRACTL_*, DOCKER_HOST, NO_COLOR).
#include <cstdlib>
#include <optional>
#include <string>

namespace infractl::test {

class ScopedEnv {
public:
    explicit ScopedEnv(std::string name) : name_(std::move(name)), old_(current(name_)) {
        ::unsetenv(name_.c_str());
    }
    ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)), old_(current(name_)) {
        set(value);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_.c_str(), old_->c_str(), 1);
        else
            ::unsetenv(name_.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

    void set(const std::string& value) { ::setenv(name_.c_str(), value.c_str(), 1); }
    void unset() { ::unsetenv(name_.c_str()); }

private:
    static std::optional<std::string> current(const std::string& name) {
        const char* v = std::getenv(name.c_str());
        return v ? std::optional<std::string>(v) : std::nullopt;
    }
    std::string name_;
    std::optional<std::string> old_;
};

}  // namespace infractl::test
