#!/usr/bin/env bash
# Configures and builds infractl. Usage: scripts/build.sh [release|asan] [TARGET...]
# (default release, every target; e.g. `scripts/build.sh release infractl` builds only the CLI).
# Build trees: build/ (release, RelWithDebInfo) and build-asan/ (ASan + UBSan).
set -euo pipefail
cd "$(dirname "$0")/.."
"./scripts/install-deps.sh"

kind="${1:-release}"
shift || true
case "$kind" in
  release) dir=build;      flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan)    dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DINFRACTL_SANITIZE=ON) ;;
  *) echo "usage: scripts/build.sh [release|asan] [TARGET...]" >&2; exit 64 ;;
esac

# ccache hits across checkouts (a CI clone, a worktree): paths are hashed
# relative to the checkout, and the build dir is left out of the hash. The
# price: debug info may name the checkout that compiled a file first.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"

jobs="${INFRACTL_JOBS:-$(nproc)}"
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
fi
ninja -C "$dir" -j "$jobs" "$@"
