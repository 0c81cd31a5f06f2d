#!/usr/bin/env bash
# The benchmark: infractl vs docker compose vs the raw engine floor on the
# local engine, plus the offline validate/resolve benchmark. See
# docs/performance.md ("How to run the benchmark").
#
#   bench/run.sh            full: N = 10, 50, 100, 5 repetitions (~20-25 min);
#                           writes the results into docs/performance.md
#   bench/run.sh --quick    N = 10, 2 repetitions (~1-2 min); results in
#                           bench/results/ only (what CI runs)
#
# Timings are reported, never asserted: the exit status is non-zero only when
# the benchmark itself is broken (a command failed, or left the engine in the
# wrong state). Env: INFRACTL_BIN (default build/infractl, built by
# scripts/build.sh release when missing), BENCH_SIZES, BENCH_REPS,
# BENCH_BACKUP_ROWS (the backup/restore scenario, bench/bench_backup.py).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  "") ;;
  *) echo "usage: bench/run.sh [--quick]" >&2; exit 64 ;;
esac

bin="${INFRACTL_BIN:-build/infractl}"
if [ ! -x "$bin" ] || [ ! -x "$(dirname "$bin")/bench_resolve" ]; then
  ./scripts/build.sh release
fi
./scripts/engine-up.sh
./scripts/test-images.sh
./scripts/build-images.sh postgres   # bench_backup.py's database (cheap when the tag exists)
command -v docker-compose >/dev/null || { echo "bench: docker-compose is not installed" >&2; exit 1; }

out=bench/results
export PYTHONDONTWRITEBYTECODE=1
mkdir -p "$out"
cleanup() { python3 bench/bench_engine.py --infractl "$bin" --out "$out" --cleanup-only || true; }
trap cleanup EXIT INT TERM

if [ "$mode" = quick ]; then
  python3 bench/bench_engine.py --infractl "$bin" --out "$out" \
    --sizes "${BENCH_SIZES:-10}" --reps "${BENCH_REPS:-2}" --floor-parallel 8
  "$(dirname "$bin")/bench_resolve" --quick | tee "$out/resolve-quick.txt"
  python3 bench/bench_backup.py --infractl "$bin" --out "$out" --rows "${BENCH_BACKUP_ROWS:-100000}" --reps 2
else
  python3 bench/bench_engine.py --infractl "$bin" --out "$out" \
    --sizes "${BENCH_SIZES:-10,50,100}" --reps "${BENCH_REPS:-5}" --doc docs/performance.md
  "$(dirname "$bin")/bench_resolve" | tee "$out/resolve-full.txt"
  python3 bench/bench_backup.py --infractl "$bin" --out "$out" --rows "${BENCH_BACKUP_ROWS:-1000000}" --reps 5
fi
