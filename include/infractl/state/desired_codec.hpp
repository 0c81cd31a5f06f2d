#pragma once
// DesiredState <-> JSON, for what infractl keeps of a past run (history
// entries, state/history_store.hpp) and builds again for `rollback`. Unlike
// `render -o json` (a view: secrets masked, durations as text), this is a
// lossless record of everything observe, diff and apply read: specs with
// their values in clear (the history file is 0600 in a 0700 directory),
// durations in nanoseconds, the config hash as it was computed then.
// Containers are not stored: decoding rebuilds them with set_replicas from
// the service's spec and count, as resolve does. Not stored either, because
// nothing that applies a state reads them: autoscale blocks, lapsed counts.
#include <nlohmann/json.hpp>

#include "infractl/resolve/desired_state.hpp"

namespace infractl {

nlohmann::ordered_json encode_desired(const DesiredState& state);
// Throws Error(invalid_input) naming `what` (the file) when a field is
// missing or of the wrong type.
DesiredState decode_desired(const nlohmann::json& j, const std::string& what);

}  // namespace infractl
