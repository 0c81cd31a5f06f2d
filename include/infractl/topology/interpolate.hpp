#pragma once
// ${VAR} interpolation of topology and profile scalars, compose-compatible:
//   ${VAR}          value of VAR; error when unset
//   ${VAR:-word}    word when VAR is unset or empty      ${VAR-word}  word when unset
//   ${VAR:?msg}     error "msg" when VAR is unset or empty  ${VAR?msg}  when unset
//   ${VAR:+word}    word when VAR is set and not empty   ${VAR+word}  when set
//   $VAR            same as ${VAR}                       $$           a literal '$'
// `word` may itself contain references (${A:-${B}}); it is expanded only when
// used, so an unset B is no error while A is set. A '$' followed by anything
// else is kept as written.
#include <string>
#include <string_view>
#include <variant>

#include "infractl/topology/loader.hpp"

namespace infractl {

struct InterpolationError {
    std::string message;  // "variable 'X' is not set and has no default"
    std::string hint;
};

std::variant<std::string, InterpolationError> interpolate(std::string_view text, const EnvLookup& env);

}  // namespace infractl
