#!/usr/bin/env bash
# Fails when the tests hold a pattern that lets a defect pass as green (issue
# 9, "Test honesty"); scripts/test.sh runs it before ctest. Plain grep/awk
# over tests/, well under a second. Each rule names the file and line:
#
#  1. A warning or success followed by a return: a test that skips, or passes
#     early, when something is missing. A missing prerequisite must fail
#     (tests/e2e/support/harness.hpp: require_engine, require_local_image).
#  2. A CHECK/REQUIRE comparing a time measurement with `<`: speed belongs in
#     bench/, and on a shared machine such a check flakes. Allowed only with a
#     marker comment on the same line saying why:
#       `// hang guard: ...`             a bound far above any normal run
#       `// time is the behaviour: ...`  e.g. a --wait-timeout honoured
#  3. A golden file written anywhere but tests/unit/support/golden.cpp, or an
#     update switch read by a test: tests compare, scripts/update-goldens.sh
#     rewrites. In a file that names a golden, every file write needs the
#     marker `// scratch file: ...` (e.g. a big input made in a TempDir).
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files -co --exclude-standard -- 'tests/*.cpp' 'tests/*.hpp' 2>/dev/null ||
                     find tests -name '*.cpp' -o -name '*.hpp')
[ "${#files[@]}" -gt 0 ] || { echo "check-tests: no test sources found" >&2; exit 1; }

bad=0
report() { echo "check-tests: $1" >&2; bad=1; }

# 1. WARN(...) or SUCCEED(...) with a `return` on one of the next two lines.
while IFS= read -r hit; do report "$hit: a test that warns (or succeeds) and returns passes without testing; fail instead"
done < <(awk 'FNR == 1 { w = 0 }
              /(WARN|SUCCEED)[[:space:]]*\(/ { w = FNR; next }
              w && FNR - w <= 2 && /^[[:space:]]*return[[:space:];]/ { print FILENAME ":" FNR; w = 0 }
              w && FNR - w > 2 { w = 0 }' "${files[@]}")

# 2. A timed assertion without its marker.
time_words='ms_since|millis_since|seconds_since|secs|elapsed|steady_clock|system_clock|duration<|ended\(\)|started\(\)'
while IFS= read -r hit; do report "$hit: a timed assertion; assert the behaviour, or mark it '// hang guard:' / '// time is the behaviour:'"
done < <(grep -HnE "(CHECK|REQUIRE)[A-Z_]*[[:space:]]*\(.*($time_words).*<|(CHECK|REQUIRE)[A-Z_]*[[:space:]]*\(.*<.*($time_words)" \
              "${files[@]}" | grep -vE '// (hang guard|time is the behaviour):' | cut -d: -f1,2 || true)

# 3. Golden files written outside the helper, or an update switch.
while IFS= read -r hit; do report "$hit: tests never rewrite goldens (use tests/unit/support/golden.hpp; scripts/update-goldens.sh)"
done < <(grep -HnE 'INFRACTL_UPDATE_|UPDATE_GOLDEN|UPDATE_EXPECTED' "${files[@]}" | cut -d: -f1,2 || true)
for f in "${files[@]}"; do
  [ "$f" = tests/unit/support/golden.cpp ] && continue
  grep -qE 'tests/golden|/EXPECTED|golden' "$f" || continue
  while IFS= read -r hit; do
    report "$f:$hit: a file written beside a golden; only support/golden.cpp writes (mark a scratch file '// scratch file:')"
  done < <(grep -nE 'ofstream|fopen|copy_file|fs::copy|fs::rename' "$f" | grep -v '// scratch file:' | cut -d: -f1 || true)
done

if [ "$bad" -ne 0 ]; then
  echo "check-tests: failed (see the rules at the top of scripts/check-tests.sh)" >&2
  exit 1
fi
echo "check-tests: ok (${#files[@]} files)"
