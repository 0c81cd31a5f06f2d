#!/usr/bin/env bash
# Makes sure a Docker engine answers on the socket: starts dockerd only when
# /_ping does not answer, never a second one, and waits up to 60 s for it.
set -euo pipefail

sock="${INFRACTL_DOCKER_SOCK:-/var/run/docker.sock}"
log="${INFRACTL_DOCKERD_LOG:-/var/log/infractl-dockerd.log}"

ping_engine() { curl -s -m 2 --unix-socket "$sock" http://localhost/_ping 2>/dev/null | grep -q OK; }

if ping_engine; then
  exit 0
fi

command -v dockerd >/dev/null || "$(dirname "$0")/install-deps.sh"

if pgrep -x dockerd >/dev/null; then
  echo "engine-up: dockerd is running but $sock does not answer yet; waiting" >&2
else
  # A dockerd killed uncleanly leaves its pid file; the next start refuses it.
  rm -f /var/run/docker.pid
  echo "engine-up: starting dockerd (log: $log)" >&2
  nohup dockerd >"$log" 2>&1 </dev/null &
fi

for _ in $(seq 1 120); do
  if ping_engine; then
    exit 0
  fi
  sleep 0.5
done
echo "engine-up: dockerd did not answer on $sock within 60 s; see $log" >&2
tail -n 20 "$log" >&2 || true
exit 1
