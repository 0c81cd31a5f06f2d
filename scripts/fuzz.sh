#!/usr/bin/env bash
# Bounded fuzzing of the topology and profile loaders with libFuzzer under
# ASan + UBSan.
#
#   scripts/fuzz.sh [--merge] [SECONDS]     (default 60)
#
# Builds every tests/fuzz/fuzz_*.cpp with clang into build-fuzz, then runs each
# target for SECONDS / number-of-targets seconds on its committed corpus
# (fuzz_topology: tests/fuzz/corpus, fuzz_profile: tests/fuzz/corpus-profile),
# with the YAML keywords of tests/fuzz/yaml.dict as mutation material.
# New inputs found during the run go to a scratch directory and are thrown
# away, so the committed corpus only changes with --merge, which adds the
# inputs that reach new coverage (libFuzzer's -merge=1) to the committed one.
# Exit status: non-zero when any target crashes, leaks, times out on one input
# or runs out of memory; the input that did it is kept as
# build-fuzz/artifacts/<target>-crash-* (reproduce: build-fuzz/<target> FILE).
# One summary line per target (executions, seconds, corpus size) goes to
# stdout and is appended to build-fuzz/fuzz-stats.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

merge=0
seconds=60
for arg in "$@"; do
  case "$arg" in
    --merge) merge=1 ;;
    ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [--merge] [SECONDS]" >&2; exit 64 ;;
    *) seconds="$arg" ;;
  esac
done

cxx=""
for c in clang++-14 clang++; do
  if command -v "$c" >/dev/null 2>&1; then cxx="$(command -v "$c")"; break; fi
done
if [ -z "$cxx" ]; then
  echo "fuzz.sh: clang++ not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 1
fi

build=build-fuzz
jobs="${INFRACTL_JOBS:-2}"
# Coverage instrumentation (fuzzer-no-link) and the sanitizers go on the whole
# library, not only on the fuzz entry points, or libFuzzer would be blind.
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# Configured every time (cheap when nothing changed), so a build dir made
# with other flags (no -fno-sanitize-recover: UBSan would only print) is fixed.
mkdir -p "$build"
# Switching compilers makes CMake drop the cache and forget the -D values on
# that run: start from a clean cache instead.
if [ -f "$build/CMakeCache.txt" ] && ! grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=$cxx\$" "$build/CMakeCache.txt"; then
  rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINFRACTL_FUZZ=ON \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$flags" >"$build/cmake.log" 2>&1 \
  || { cat "$build/cmake.log" >&2; exit 1; }

targets=()
for src in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$src" .cpp)"); done
ninja -C "$build" -j"$jobs" "${targets[@]}" >"$build/build.log" 2>&1 || { tail -40 "$build/build.log" >&2; exit 1; }

corpus_of() {
  case "$1" in
    fuzz_topology) echo tests/fuzz/corpus ;;
    *) echo "tests/fuzz/corpus-${1#fuzz_}" ;;
  esac
}

per_target=$(( seconds / ${#targets[@]} ))
[ "$per_target" -ge 1 ] || per_target=1
mkdir -p "$build/artifacts"
status=0
for t in "${targets[@]}"; do
  corpus="$(corpus_of "$t")"
  mkdir -p "$corpus"
  scratch="$(mktemp -d)"
  log="$build/$t.log"
  started=$(date +%s)
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a blow-up.
  rc=0
  "$build/$t" -max_total_time="$per_target" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict=tests/fuzz/yaml.dict -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" "$scratch" "$corpus" >"$log" 2>&1 || rc=$?
  elapsed=$(( $(date +%s) - started ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(find "$scratch" -type f | wc -l)
  if [ "$merge" = 1 ] && [ "$rc" = 0 ]; then
    "$build/$t" -merge=1 "$corpus" "$scratch" >>"$log" 2>&1 || rc=$?
  fi
  rm -rf "$scratch"
  line="$(date -u +%Y-%m-%dT%H:%M:%SZ) $t: ${execs:-?} executions in ${elapsed}s, $(find "$corpus" -type f | wc -l) corpus files, $found new inputs ($( [ "$merge" = 1 ] && echo merged || echo not merged)), exit $rc"
  echo "$line" | tee -a "$build/fuzz-stats.txt"
  if [ "$rc" != 0 ]; then
    status=1
    echo "fuzz.sh: $t failed; the last lines of $log:" >&2
    grep -E "ERROR|SUMMARY|artifact|==[0-9]+==" "$log" | head -20 >&2 || tail -20 "$log" >&2
  fi
done
exit $status
