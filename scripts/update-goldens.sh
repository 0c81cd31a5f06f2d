#!/usr/bin/env bash
# Rewrites the golden files (tests/golden/*, tests/data/invalid/EXPECTED, tests/data/compose/**)
# after an intended change of output. Tests never write goldens: a failing
# comparison leaves what it got in build/golden-actual/ (see
# tests/unit/support/golden.hpp); this script runs the unit tests, copies
# those files over the goldens, runs the tests again and shows the diff to
# review like code. Never in CI: there a golden only changes by a commit.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${CI:-}" ]; then
  echo "update-goldens: refusing to run with CI set: goldens change only by a reviewed commit" >&2
  exit 2
fi

./scripts/build.sh release unit_tests
rm -rf build/golden-actual
build/unit_tests >/dev/null 2>&1 || true  # mismatches leave their output in build/golden-actual
if [ ! -d build/golden-actual ]; then
  echo "update-goldens: every golden file matches"
  exit 0
fi
(cd build/golden-actual && find . -type f | sort) | while read -r f; do
  mkdir -p "$(dirname "$f")"
  cp "build/golden-actual/$f" "$f"
  echo "update-goldens: rewrote ${f#./}"
done
rm -rf build/golden-actual
build/unit_tests  # must pass now; a failure here is not a golden
git --no-pager diff --stat -- tests/
