#!/usr/bin/env bash
# Installs the npm packages of tests/tools/k8s-validate (kubernetes-models,
# @kubernetes-models/keda: the third-party schemas the Kubernetes export is
# validated against) exactly as its package-lock.json pins them. Cached:
# nothing is fetched while node_modules was installed from the same lockfile.
set -euo pipefail
cd "$(dirname "$0")/../tests/tools/k8s-validate"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "k8s-validate-deps: installing nodejs and npm" >&2
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y --no-install-recommends nodejs npm >&2
fi

want=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.infractl-lock-sha256
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "k8s-validate-deps: npm ci in tests/tools/k8s-validate" >&2
npm ci --no-audit --no-fund --loglevel=error >&2
echo "$want" > "$stamp"
