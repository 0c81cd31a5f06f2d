#!/usr/bin/env bash
# Rewrites tests/golden/k8s-*.yaml from the built infractl (never run by a
# test). The environment is emptied so every ${VAR} takes its default, as in
# tests/unit/export/kubernetes_golden_test.cpp. Review `git diff tests/golden`.
set -euo pipefail
if [ -n "${CI:-}" ]; then echo "update-k8s-goldens: refusing to rewrite goldens under CI" >&2; exit 1; fi
cd "$(dirname "$0")/.."
bin=build/infractl
[ -x "$bin" ] || { echo "build infractl first: scripts/build.sh release infractl" >&2; exit 1; }
home=$(mktemp -d); trap 'rm -rf "$home"' EXIT
export_to() {  # profile autoscaler golden
    env -i PATH="$PATH" HOME="$home" INFRACTL_STATE_DIR="$home/state" "$bin" -f specs/monorepo.yaml --profile "$1" export kubernetes --autoscaler "$2" \
        > "tests/golden/$3.tmp" 2>/dev/null
    mv "tests/golden/$3.tmp" "tests/golden/$3"
    echo "wrote tests/golden/$3"
}
export_to dev hpa k8s-dev.yaml
export_to staging hpa k8s-staging.yaml
export_to prod hpa k8s-prod.yaml
export_to prod keda k8s-prod-keda.yaml
