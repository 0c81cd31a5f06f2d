#!/usr/bin/env bash
# ctest's export checks (label `export`), run against the built infractl:
#   check-export.sh INFRACTL SOURCE_DIR valid     every profile, hpa and keda, on stdout and with -o DIR:
#                                                 every object validates, strictly (validate.mjs)
#   check-export.sh INFRACTL SOURCE_DIR negative  misspelled fields and wrong types are rejected
#   check-export.sh INFRACTL SOURCE_DIR invalid   a topology with errors exports nothing, exit 1
# The environment is emptied so ${VAR} defaults apply and no state of the
# developer's is read.
set -euo pipefail
bin=$1 src=$2 mode=$3
here="$src/tests/tools/k8s-validate"
[ -d "$here/node_modules/kubernetes-models" ] || {
  echo "the validator's npm packages are missing: run scripts/k8s-validate-deps.sh" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
run() { env -i PATH="$PATH" HOME="$tmp" INFRACTL_STATE_DIR="$tmp/state" "$bin" "$@"; }

case "$mode" in
  valid)
    files=()
    for profile in dev staging prod; do
      for autoscaler in hpa keda; do
        out="$tmp/$profile-$autoscaler"
        run -f "$src/specs/monorepo.yaml" --profile "$profile" export kubernetes --autoscaler "$autoscaler" \
          > "$out.yaml" 2> "$out.stderr"
        run -f "$src/specs/monorepo.yaml" --profile "$profile" export kubernetes --autoscaler "$autoscaler" \
          -o "$out.d" 2> /dev/null
        docs=$(grep -c '^---$' "$out.yaml")
        written=$(ls "$out.d" | wc -l)
        [ "$docs" = "$written" ] || { echo "$profile/$autoscaler: $docs objects on stdout, $written files" >&2; exit 1; }
        files+=("$out.yaml" "$out.d"/*.yaml)
      done
    done
    node "$here/validate.mjs" "${files[@]}"
    # Exporting into DIR again replaces what the last export wrote there, and only that.
    dir="$tmp/dev-hpa.d"
    cp "$dir/00-namespace-monorepo.yaml" "$dir/09-deployment-gone.yaml"
    echo "kind: Mine" > "$dir/not-ours.yaml"
    run -f "$src/specs/monorepo.yaml" --profile dev export kubernetes -o "$dir" 2> /dev/null
    [ ! -e "$dir/09-deployment-gone.yaml" ] || { echo "a stale exported file survived" >&2; exit 1; }
    [ -e "$dir/not-ours.yaml" ] || { echo "a file the export did not write was removed" >&2; exit 1; }
    [ "$(stat -c %a "$dir/05-secret-turfoo-postgres-env.yaml")" = 600 ] || { echo "a Secret file is not 0600" >&2; exit 1; }
    echo "re-export into $dir: stale file removed, foreign file kept, Secrets 0600"
    ;;
  negative)
    node "$here/validate.mjs" --expect-rejected "$here/negative/misspelled.yaml"
    ;;
  invalid)
    # The example with one typo in a depends_on condition: a located error.
    mkdir -p "$tmp/specs"
    cp -r "$src/profiles" "$tmp/profiles"
    sed '0,/condition: service_healthy/s//condition: service_healty/' "$src/specs/monorepo.yaml" > "$tmp/specs/monorepo.yaml"
    for args in "" "-o $tmp/dir"; do
      status=0
      # shellcheck disable=SC2086
      run -f "$tmp/specs/monorepo.yaml" export kubernetes $args > "$tmp/out" 2> "$tmp/err" || status=$?
      cat "$tmp/err"
      [ "$status" = 1 ] || { echo "exit status $status, want 1" >&2; exit 1; }
      grep -q "monorepo.yaml:[0-9]*:[0-9]*: .*service_healty" "$tmp/err" || { echo "no located error" >&2; exit 1; }
      [ ! -s "$tmp/out" ] || { echo "an invalid topology exported something:" >&2; head "$tmp/out" >&2; exit 1; }
      [ ! -e "$tmp/dir" ] || { echo "an invalid topology created $tmp/dir" >&2; exit 1; }
    done
    echo "nothing exported, exit 1"
    ;;
  *) echo "usage: check-export.sh INFRACTL SOURCE_DIR valid|negative|invalid" >&2; exit 64 ;;
esac
