#pragma once
// The compose corpus (tests/data/compose) and its goldens. Comparison is the
// shared one (support/golden.hpp): a test never writes a golden; a mismatch
// leaves the output under build/golden-actual/ for scripts/update-goldens.sh.
#include <string>

#include "support/golden.hpp"

namespace compose_test {

inline const std::string kCorpus = infractl::test::source_path("tests/data/compose");

using infractl::test::read_file;

// `name` is the golden's path under tests/data/compose.
inline void check_golden(const std::string& name, const std::string& actual) {
    infractl::test::check_golden("tests/data/compose/" + name, actual);
}

}  // namespace compose_test
