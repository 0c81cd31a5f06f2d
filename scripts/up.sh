#!/usr/bin/env bash
# The main job: install what is missing, build infractl, start dockerd if it
# does not answer, build the local images (no registry is needed), bring the
# bundled example up on the dev profile, wait until it is healthy, show status.
# Extra arguments go to `infractl up` (e.g. --profile staging).
set -euo pipefail
cd "$(dirname "$0")/.."

# Only the CLI: the tests are not needed to run the example (and take most of the build).
./scripts/build.sh release infractl
./scripts/engine-up.sh
./scripts/build-images.sh

export INFRACTL_IMAGES="${INFRACTL_IMAGES:-profiles/images-local.yaml}"
./build/infractl up --profile "${INFRACTL_PROFILE:-dev}" --wait "$@"
echo
./build/infractl status --profile "${INFRACTL_PROFILE:-dev}"
echo
echo "The example runs on locally built images (INFRACTL_IMAGES=$INFRACTL_IMAGES)."
echo "Use the same setting for later commands, e.g.:"
echo "  export INFRACTL_IMAGES=$INFRACTL_IMAGES; build/infractl plan"
