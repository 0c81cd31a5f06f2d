#!/usr/bin/env bash
# The Debian package, tested as a user gets it: built with CPack from the build
# tree, installed with dpkg -i, `infractl --version` run from /usr/bin, the man
# page and the completions looked up where the system finds them, then purged.
# Leaves the machine as it found it: refuses (exit 1) when an infractl package
# or /usr/bin/infractl is already there, and purges on every way out.
# Also checks `cmake --install` into a scratch prefix first.
# Usage: scripts/test-package.sh BUILD_DIR   (ctest -L package runs it)
set -euo pipefail
build="$(cd "${1:?usage: scripts/test-package.sh BUILD_DIR}" && pwd)"

fail() { echo "test-package: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root for dpkg -i"
if dpkg-query -W -f='${Status}' infractl 2>/dev/null | grep -q "installed"; then
  fail "an infractl package is already installed; it is not this test's to replace"
fi
[ ! -e /usr/bin/infractl ] || fail "/usr/bin/infractl exists and belongs to something else"

out="$(mktemp -d)"
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then dpkg --purge infractl >/dev/null 2>&1 || echo "test-package: purge failed" >&2; fi
  rm -rf "$out"
}
trap cleanup EXIT

# dpkg takes a lock another apt-get may hold for a while: wait, bounded.
dpkg_retry() {
  local i
  for i in $(seq 1 60); do
    if dpkg "$@" 2>"$out/dpkg.err"; then return 0; fi
    grep -q "lock" "$out/dpkg.err" || { cat "$out/dpkg.err" >&2; return 1; }
    sleep 2
  done
  cat "$out/dpkg.err" >&2
  return 1
}

cmake --build "$build" --target infractl infractl_docs --parallel 1 >/dev/null
# cmake --install into a scratch prefix: the same files the package holds.
cmake --install "$build" --prefix "$out/prefix" >/dev/null
for f in bin/infractl share/man/man1/infractl.1 share/bash-completion/completions/infractl \
         share/zsh/vendor-completions/_infractl share/fish/vendor_completions.d/infractl.fish; do
  [ -s "$out/prefix/$f" ] || fail "cmake --install did not install $f"
done
"$out/prefix/bin/infractl" --version >/dev/null || fail "the installed binary does not run"

(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log") || { cat "$out/cpack.log" >&2; fail "cpack failed"; }
deb="$(ls "$out"/*.deb)"
info="$(dpkg-deb --info "$deb")"
grep -q "Package: infractl" <<<"$info" || fail "the package is not named infractl"
grep -q "Depends: .*libcurl" <<<"$info" || fail "Depends does not name libcurl: $info"

installed=1
dpkg_retry -i "$deb" >/dev/null
version="$(/usr/bin/infractl --version)"
[[ "$version" == "infractl "* ]] || fail "infractl --version printed '$version'"
[ "$(man -w infractl)" = /usr/share/man/man1/infractl.1 ] || fail "man does not find infractl(1)"
warnings="$(groff -man -ww -z /usr/share/man/man1/infractl.1 2>&1)"
[ -z "$warnings" ] || fail "groff warns about infractl(1): $warnings"
for f in /usr/share/bash-completion/completions/infractl /usr/share/zsh/vendor-completions/_infractl \
         /usr/share/fish/vendor_completions.d/infractl.fish; do
  [ -s "$f" ] || fail "$f is missing"
done

dpkg_retry --purge infractl >/dev/null
installed=0
! dpkg-query -W -f='${Status}' infractl 2>/dev/null | grep -q "installed" || fail "still installed after purge"
[ ! -e /usr/bin/infractl ] || fail "/usr/bin/infractl left behind by purge"
echo "test-package: ok ($(basename "$deb"), $version)"
