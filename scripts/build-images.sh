#!/usr/bin/env bash
# Builds the local service images that stand in for the upstream ones named in
# specs/monorepo.yaml, without any registry: a Debian bookworm rootfs made by
# debootstrap (from the mirror this machine's apt already uses) is imported
# with `docker import`, then `docker build` adds the small layer on top
# (entrypoint, config, app code). See docs/images.md.
#
# usage: scripts/build-images.sh [--force] [--list] [NAME...]
#   NAME      redis postgres s3 celery redisinsight prometheus redis-exporter
#             postgres-exporter infractl-runtime (default: all)
# The example's Celery apps (examples/turfoo, examples/order) are not built
# here: infractl builds them from the topology's `build:` on celery:5.
#   --force   rebuild even when the tag exists (rootfs included)
#   --list    print NAME and TAG of every image and exit
# env:
#   INFRACTL_IMAGES_CACHE   where .debs, npm packages and rootfs work dirs live
#                           (default /var/cache/infractl-images)
#   INFRACTL_DEBIAN_MIRROR  mirror URL to use instead of the one in apt's config
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${INFRACTL_IMAGES_CACHE:-/var/cache/infractl-images}"
suite=bookworm
s3rver_version=3.7.1

# name | tag | rootfs packages ("-" = built on another image) | parent image
# Order matters: a parent comes before its children.
image_table=(
  "redis|infractl-local/redis:7|redis-server,redis-tools|"
  # -r2: the entrypoint reads *_FILE; -r3: streaming replicas (a new tag, since a cached tag is not rebuilt)
  "postgres|infractl-local/postgres:15-r3|postgresql-15|"
  "s3|infractl-local/s3:1|nodejs,curl|"
  "celery|infractl-local/celery:5|celery,python3-celery,python3-redis,python3-psycopg2|"
  "redisinsight|infractl-local/redisinsight-standin:1|-|"
  # Monitoring (docs/scaling.md, "Monitoring in staging"); busybox: the healthchecks' wget.
  "prometheus|infractl-local/prometheus:2|prometheus,busybox|"
  "redis-exporter|infractl-local/redis-exporter:1|prometheus-redis-exporter,busybox|"
  "postgres-exporter|infractl-local/postgres-exporter:1|prometheus-postgres-exporter,busybox|"
  # infractl's own runtime libraries; the binary is bind-mounted, not baked in.
  "infractl-runtime|infractl-local/infractl-runtime:1|libcurl4,libhiredis0.14,libpq5,libyaml-0-2,libyaml-cpp0.7,libfmt9,libspdlog1.10,libarchive13,libssl3,libmicrohttpd12|"
)

force=no
wanted=()
built=()   # tags built in this run: their children are rebuilt too

log() { printf 'build-images: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

field() { local IFS='|'; local -a f; read -r -a f <<<"$1"; printf '%s' "${f[$2]:-}"; }

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

image_size() { docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.1f MB", $1/1000000}'; }

# Prints the URI of the first enabled Debian "deb" source for $suite (or, if
# none names it, the first one that is not a -security suite), read from the
# one-line sources.list files and the deb822 *.sources files.
read_mirror() {
  if [ -n "${INFRACTL_DEBIAN_MIRROR:-}" ]; then
    printf '%s\n' "$INFRACTL_DEBIAN_MIRROR"
    return
  fi
  local files=()
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && files+=("$f")
  done
  {
    [ ${#files[@]} -eq 0 ] || awk '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        print $(i + 1), $i
      }' "${files[@]}"
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      awk 'BEGIN { RS = ""; FS = "\n" }
        {
          types = ""; uris = ""; suites = ""; enabled = "yes"
          for (i = 1; i <= NF; i++) {
            if ($i ~ /^Types:/)   types = $i
            if ($i ~ /^URIs:/)    { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
            if ($i ~ /^Suites:/)  { suites = $i; sub(/^Suites:[ \t]*/, "", suites) }
            if ($i ~ /^Enabled:[ \t]*no/) enabled = "no"
          }
          if (enabled == "no" || types !~ /(^|[ \t])deb([ \t]|$)/) next
          split(uris, u, /[ \t]+/); n = split(suites, s, /[ \t]+/)
          for (j = 1; j <= n; j++) print s[j], u[1]
        }' "$f"
    done
  } | awk -v suite="$suite" '
      $1 == suite && !exact { exact = $2 }
      $1 !~ /-security$/ && !any { any = $2 }
      END { if (exact) print exact; else if (any) print any }'
}

# Removes what an image does not need at run time: apt state, docs, man pages,
# translations, and the apt sources debootstrap wrote (they name the mirror).
slim_rootfs() {
  local dir="$1"
  rm -rf "$dir"/var/cache/apt/* "$dir"/var/lib/apt/lists/* \
    "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/info/* \
    "$dir"/usr/share/locale/* "$dir"/usr/share/lintian "$dir"/var/log/*.log \
    "$dir"/var/cache/debconf/*-old "$dir"/var/lib/dpkg/*-old \
    "$dir"/etc/apt/sources.list "$dir"/etc/apt/sources.list.d/* \
    "$dir"/debootstrap
  : >"$dir"/etc/hostname
  : >"$dir"/etc/resolv.conf
  # The Debian package made a default cluster; the entrypoint makes its own.
  rm -rf "$dir"/var/lib/postgresql/15/main "$dir"/etc/postgresql/15/main
  # PostgreSQL's JIT is an optional plugin (llvmjit.so) and the only user of
  # libLLVM (and libz3): 160 MB. Without it postgres runs with JIT unavailable.
  rm -rf "$dir"/usr/lib/postgresql/*/lib/bitcode "$dir"/usr/lib/postgresql/*/lib/llvmjit* \
    "$dir"/usr/lib/x86_64-linux-gnu/libLLVM* "$dir"/usr/lib/x86_64-linux-gnu/libz3.so*
  # Locale sources for locale-gen; the images use the built-in C.UTF-8.
  rm -rf "$dir"/usr/share/i18n
}

remove_workdir() {
  local dir="$1"
  [ -d "$dir" ] || return 0
  for m in proc sys dev/pts dev; do
    if mountpoint -q "$dir/$m" 2>/dev/null; then umount -l "$dir/$m" || true; fi
  done
  rm -rf --one-file-system "$dir"
}

# debootstrap + docker import into infractl-local/rootfs-NAME:bookworm
build_rootfs() {
  local name="$1" packages="$2" tag="infractl-local/rootfs-$1:$suite"
  if [ "$force" = no ] && image_exists "$tag"; then
    log "$tag exists, reusing it"
    return
  fi
  local mirror dir="$cache/work/$name"
  mirror="$(read_mirror)"
  [ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list{,.d}; set INFRACTL_DEBIAN_MIRROR"
  command -v debootstrap >/dev/null || die "debootstrap is missing: run scripts/install-deps.sh"
  mkdir -p "$cache/debs" "$cache/work"
  remove_workdir "$dir"
  trap 'remove_workdir "'"$dir"'"' EXIT
  log "debootstrap $suite for $name (+ $packages)"
  if ! debootstrap --variant=minbase --include="$packages" --cache-dir="$cache/debs" \
      "$suite" "$dir" "$mirror" >"$cache/work/$name.log" 2>&1; then
    tail -n 20 "$cache/work/$name.log" >&2
    die "debootstrap failed for $name (log: $cache/work/$name.log)"
  fi
  slim_rootfs "$dir"
  tar -C "$dir" -c --numeric-owner --exclude='./dev/*' --exclude='./proc/*' \
    --exclude='./sys/*' . | docker import -m "debootstrap $suite minbase + $packages" - "$tag" >/dev/null
  remove_workdir "$dir"
  trap - EXIT
}

# The s3rver npm package, installed on the host once (pure JavaScript: the
# image's Debian nodejs runs it).
s3rver_modules() {
  local dir="$cache/s3rver"
  if [ ! -f "$dir/node_modules/s3rver/package.json" ] || \
     ! grep -q "\"version\": \"$s3rver_version\"" "$dir/node_modules/s3rver/package.json"; then
    if ! command -v npm >/dev/null; then
      log "npm is missing: apt-get install npm"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null || \
        die "npm is missing and could not be installed (needed for the s3rver package)"
    fi
    mkdir -p "$dir"
    log "npm install s3rver@$s3rver_version"
    npm install --silent --no-audit --no-fund --omit=dev --prefix "$dir" "s3rver@$s3rver_version" >&2
  fi
  printf '%s\n' "$dir/node_modules"
}

# Copies images/NAME plus extra files into a fresh context dir, prints it.
make_context() {
  local name="$1" ctx
  ctx="$(mktemp -d "${TMPDIR:-/tmp}/infractl-ctx-$name.XXXXXX")"
  cp -a "$root/images/$name/." "$ctx/"
  case "$name" in
    s3) cp -a "$(s3rver_modules)" "$ctx/node_modules" ;;
    redisinsight) cp /bin/busybox "$ctx/busybox" 2>/dev/null || die "busybox-static is missing" ;;
  esac
  printf '%s\n' "$ctx"
}

build_layer() {
  local name="$1" tag="$2" base="$3" ctx
  ctx="$(make_context "$name")"
  # Output goes to a file: the legacy builder's deprecation notice is noise
  # unless the build fails.
  if ! docker build -q -t "$tag" --build-arg "BASE=$base" "$ctx" >"$ctx.log" 2>&1; then
    cat "$ctx.log" >&2
    rm -rf "$ctx" "$ctx.log"
    die "docker build failed for $tag"
  fi
  rm -rf "$ctx" "$ctx.log"
}

build_one() {
  local row="$1" name tag packages parent start mid end base
  name="$(field "$row" 0)"; tag="$(field "$row" 1)"
  packages="$(field "$row" 2)"; parent="$(field "$row" 3)"
  local parent_rebuilt=no
  for b in "${built[@]}"; do [ "$b" = "$parent" ] && parent_rebuilt=yes; done
  if [ "$force" = no ] && [ "$parent_rebuilt" = no ] && image_exists "$tag"; then
    log "$tag exists, skipped (--force rebuilds)"
    return
  fi
  start=$(date +%s.%N)
  if [ "$packages" != "-" ]; then
    build_rootfs "$name" "$packages"
    base="infractl-local/rootfs-$name:$suite"
  else
    base="${parent:-scratch}"
    if [ -n "$parent" ] && ! image_exists "$parent"; then
      die "$tag needs $parent: build it first (scripts/build-images.sh ${parent#infractl-local/})"
    fi
  fi
  mid=$(date +%s.%N)
  build_layer "$name" "$tag" "$base"
  end=$(date +%s.%N)
  built+=("$tag")
  local parts="layer only"
  [ "$packages" = "-" ] || parts="rootfs $(elapsed "$start" "$mid") s, layer $(elapsed "$mid" "$end") s"
  printf '%-40s built in %6.1f s (%s), size %s\n' \
    "$tag" "$(elapsed "$start" "$end")" "$parts" "$(image_size "$tag")"
}

main() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --force) force=yes ;;
      --list) for r in "${image_table[@]}"; do printf '%s %s\n' "$(field "$r" 0)" "$(field "$r" 1)"; done; exit 0 ;;
      -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
      -*) die "unknown option '$1'" ;;
      *) wanted+=("$1") ;;
    esac
    shift
  done
  curl -s -m 2 --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null || \
    "$root/scripts/engine-up.sh"
  [ "$(id -u)" -eq 0 ] || die "debootstrap needs root"
  local known=" " row
  for row in "${image_table[@]}"; do known+="$(field "$row" 0) "; done
  for w in "${wanted[@]}"; do
    [[ "$known" == *" $w "* ]] || die "unknown image '$w' (known:$known)"
  done
  for row in "${image_table[@]}"; do
    if [ ${#wanted[@]} -eq 0 ] || [[ " ${wanted[*]} " == *" $(field "$row" 0) "* ]]; then
      build_one "$row"
    fi
  done
}

main "$@"
