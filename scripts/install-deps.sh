#!/usr/bin/env bash
# Installs, with apt-get, every Debian package infractl needs to build, test and
# benchmark. Installs only what is missing, so a second run costs a dpkg query.
set -euo pipefail

packages=(
  build-essential cmake g++ pkg-config ninja-build
  libcli11-dev libyaml-dev nlohmann-json3-dev libcurl4-openssl-dev
  libfmt-dev libspdlog-dev catch2
  libhiredis-dev libpq-dev libssl-dev libyaml-cpp-dev ccache
  libarchive-dev
  libmicrohttpd-dev   # metrics --listen serves /metrics
  curl ca-certificates jq
  docker.io iptables
  busybox-static debootstrap
  docker-compose
  clang libclang-rt-14-dev
  zsh fish groff-base
  prometheus   # promtool checks `infractl metrics`; no daemon is started
  postgresql-client-15   # backup/restore of a managed endpoint run pg_dump/pg_restore on the host
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
