#!/usr/bin/env bash
# Builds the tiny image the end-to-end tests run: infractl-test/busybox:1, a
# `docker import` of a tar holding the static busybox with a symlink for each
# applet (sh, sleep, nc, httpd, wget, ...), /tmp and a minimal /etc/passwd.
# No registry is needed. Cached by tag: rebuilt only when the tag is missing,
# its CMD is not the expected one (an older build), or with --force.
#
# The CMD sleeps forever and exits 0 within ~0 s on SIGTERM: `sleep 1 & wait`
# because sh runs a trap only after the foreground command returns, and
# `wait` returns at once on a signal.
set -euo pipefail

tag="infractl-test/busybox:1"
cmd='["/bin/sh","-c","trap '"'"'exit 0'"'"' TERM INT; while true; do sleep 1 & wait $!; done"]'

force=no
[ "${1:-}" = "--force" ] && force=yes

log() { printf 'test-images: %s\n' "$*" >&2; }

if [ "$force" = no ]; then
  have="$(docker image inspect --format '{{json .Config.Cmd}}' "$tag" 2>/dev/null || true)"
  if [ "$have" = "$cmd" ]; then
    exit 0
  fi
fi

busybox="$(command -v busybox || true)"
if [ -z "$busybox" ] || ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
  "$(dirname "$0")/install-deps.sh"
  busybox=/bin/busybox
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/tmp" "$work/root/etc"
chmod 1777 "$work/root/tmp"
cp "$busybox" "$work/root/bin/busybox"
for applet in $("$work/root/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$work/root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$work/root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$work/root/etc/group"

log "building $tag"
tar -C "$work/root" -c . | docker import --change "CMD $cmd" - "$tag" >/dev/null
log "built $tag"
