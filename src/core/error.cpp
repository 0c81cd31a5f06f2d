#include "infractl/core/error.hpp"

namespace infractl {

const char* to_string(ErrorKind k) {
    switch (k) {
        case ErrorKind::invalid_input: return "invalid input";
        case ErrorKind::refused: return "refused";
        case ErrorKind::not_found: return "not found";
        case ErrorKind::conflict: return "conflict";
        case ErrorKind::bad_request: return "bad request";
        case ErrorKind::server_error: return "engine error";
        case ErrorKind::engine_unavailable: return "engine unavailable";
        case ErrorKind::malformed_response: return "malformed engine answer";
        case ErrorKind::lock_timeout: return "lock timeout";
        case ErrorKind::interrupted: return "interrupted";
        case ErrorKind::internal: return "internal error";
    }
    return "error";
}

ExitCode exit_code_for(ErrorKind k) {
    switch (k) {
        case ErrorKind::engine_unavailable: return ExitCode::engine_unavailable;
        case ErrorKind::lock_timeout: return ExitCode::lock_timeout;
        case ErrorKind::interrupted: return ExitCode::interrupted;
        default: return ExitCode::failure;
    }
}

}  // namespace infractl
