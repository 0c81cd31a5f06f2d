#pragma once
// "message | hint" of the infractl::Error that f throws, or "no error": for
// tests that check a thrown error's exact text.
#include <functional>
#include <string>

#include "infractl/core/error.hpp"

namespace infractl::test {

inline std::string error_text(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return std::string(e.what()) + " | " + e.hint();
    }
    return "no error";
}

}  // namespace infractl::test
