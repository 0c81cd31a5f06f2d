#pragma once
// Shared by the e2e tests of secrets (input_secrets_test, secrets_files_test):
// every secret value there contains "hunter2", so one search finds any leak.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/harness.hpp"

namespace infractl::e2e {

inline void no_leak(const RunResult& r, const std::string& what) {
    INFO(what << "\n" << r.str());
    CHECK(r.out.find("hunter2") == std::string::npos);
    CHECK(r.err.find("hunter2") == std::string::npos);
}

// docker inspect NAME, parsed; the test fails when there is no such object.
inline nlohmann::json inspect(const std::string& name) {
    RunResult r = docker({"inspect", name});
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out).at(0);
}

// The container's Config.Env holds exactly "K=V".
inline bool env_has(const nlohmann::json& c, const std::string& kv) {
    for (const auto& e : c["Config"]["Env"])
        if (e.get<std::string>() == kv) return true;
    return false;
}

}  // namespace infractl::e2e
