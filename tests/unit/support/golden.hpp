#pragma once
// Golden files: expected output kept in the source tree and compared byte for
// byte. The one rule: a test only reads golden files, it never writes them.
// On a mismatch the test fails and the output it got is written under the
// build tree (<build>/golden-actual/<same relative path>);
// scripts/update-goldens.sh copies those files over the goldens after an
// intended change (and refuses to run in CI). Review that diff like code.
#include <string>

#include "infractl/resolve/desired_state.hpp"

namespace infractl::test {

// `text` (a render or export of `state`) as it reads in every checkout: the
// example's bind mounts (the monitoring services) resolve to absolute paths
// under the checkout, and the config hash of such a service covers them, so
// the checkout path becomes <source> and those hashes <hash of a checkout
// path>. Every other hash stays as it is.
std::string portable(const DesiredState& state, std::string text);

// The golden file at `relative` (to the source tree, e.g.
// "tests/golden/plan-example.txt") must hold exactly `actual`. Fails the
// current test (a Catch2 CHECK) naming the first line that differs.
void check_golden(const std::string& relative, const std::string& actual);

// The full path of a file of the source tree.
std::string source_path(const std::string& relative);

// A file's bytes; "" when it cannot be read.
std::string read_file(const std::string& path);

}  // namespace infractl::test
