#pragma once
// Errors and exit codes. The core reports problems in the user's files as
// values (Diagnostics, located); everything else is an Error with a typed
// ErrorKind, thrown up to src/cli/main.cpp, the one place that turns it into
// a message and an exit code (ccache's core::Error caught in ccache_main).
#include <stdexcept>
#include <string>

namespace infractl {

// Process exit codes: documented in docs/cli.md. Keep in sync.
enum class ExitCode : int {
    ok = 0,
    failure = 1,          // validation errors, refused operations, apply failures
    changes_present = 2,  // plan --detailed-exitcode only
    usage = 64,           // bad command line (EX_USAGE)
    engine_unavailable = 69,  // socket missing, refused, permission denied (EX_UNAVAILABLE)
    lock_timeout = 75,    // another infractl holds the stack lock (EX_TEMPFAIL)
    interrupted = 130,    // Ctrl-C during apply
};

enum class ErrorKind {
    invalid_input,       // the user's files or flags are wrong
    refused,             // a valid request infractl will not do (scale a singleton)
    not_found,           // engine 404
    conflict,            // engine 409 (name taken, ...)
    bad_request,         // engine 400
    server_error,        // engine 5xx
    engine_unavailable,  // cannot reach the engine at all
    malformed_response,  // the engine answered something we cannot parse
    lock_timeout,
    interrupted,
    internal,
};

const char* to_string(ErrorKind k);

// Carries the engine's or the OS's own message and a hint for the user.
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, std::string message, std::string hint = {})
        : std::runtime_error(message), kind_(kind), hint_(std::move(hint)) {}
    ErrorKind kind() const { return kind_; }
    const std::string& hint() const { return hint_; }

private:
    ErrorKind kind_;
    std::string hint_;
};

ExitCode exit_code_for(ErrorKind k);

}  // namespace infractl
