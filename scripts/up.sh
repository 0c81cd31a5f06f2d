#!/usr/bin/env bash
# The main job: install what is missing, build infractl, start dockerd if it
# does not answer, build the local images (no registry is needed), record the
# settings in specs/infractl.env, bring the bundled example up on the dev
# profile, wait until it is healthy, show status.
# Extra arguments go to `infractl up` (e.g. --profile staging).
set -euo pipefail
cd "$(dirname "$0")/.."

# Only the CLI: the tests are not needed to run the example (and take most of the build).
./scripts/build.sh release infractl
./scripts/engine-up.sh
./scripts/build-images.sh

# Settings that last (docs/cli.md, "The env file"): later commands such as a
# plain `build/infractl plan` read them, so they use the same images file and
# profile as this run. Each value: the environment's (or --profile's), else
# what the file already says, else the default. Paths in the file are
# relative to its folder.
env_file=specs/infractl.env
file_value() {  # KEY -> its value in the env file, or nothing
  [ -f "$env_file" ] || return 0
  sed -n "s/^\(export \)\{0,1\}$1=\(.*\)$/\2/p" "$env_file" | tail -n 1 | sed "s/^[\"']\(.*\)[\"']$/\1/"
}
set_value() {  # KEY VALUE: replace the line KEY=... or add it
  if [ ! -f "$env_file" ]; then
    printf '%s\n' "# Written by scripts/up.sh: settings and variables for infractl commands run with" \
      "# specs/monorepo.yaml (docs/cli.md, \"The env file\"). The environment and flags win." >"$env_file"
  fi
  local rest
  rest="$(grep -v "^\(export \)\{0,1\}$1=" "$env_file" || true)"
  printf '%s\n%s=%s\n' "$rest" "$1" "$2" >"$env_file"
}
profile="${INFRACTL_PROFILE:-}"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --profile) profile="${args[$((i + 1))]:-}" ;;
    --profile=*) profile="${args[$i]#--profile=}" ;;
  esac
done
if [ -n "${INFRACTL_IMAGES:-}" ]; then
  images="$(realpath -m --relative-to=specs "$INFRACTL_IMAGES")"
else
  images="$(file_value INFRACTL_IMAGES)"
fi
set_value INFRACTL_IMAGES "${images:-../profiles/images-local.yaml}"
[ -n "$profile" ] || profile="$(file_value INFRACTL_PROFILE)"
set_value INFRACTL_PROFILE "${profile:-dev}"

./build/infractl up --wait "$@"
echo
./build/infractl status
echo
echo "The example runs on locally built images; $env_file records the settings:"
sed 's/^/  /' "$env_file" | grep -v '^  #'
echo "so later commands use them too, e.g.: build/infractl plan"
