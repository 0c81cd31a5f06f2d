#!/usr/bin/env bash
# Runs every test: unit tests in the release and the sanitizer (ASan + UBSan)
# builds, end-to-end tests against a real dockerd (started here if needed),
# a bounded fuzzing run of the topology loader, and the quick benchmark mode.
# Everything needed is installed and started by the project's own scripts.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/build.sh release
./scripts/build.sh asan unit_tests   # only the unit tests run under the sanitizers: build nothing else
./scripts/k8s-validate-deps.sh  # npm packages of the Kubernetes export's schema check; cached

./scripts/engine-up.sh
./scripts/test-images.sh      # tiny busybox image, seconds
./scripts/build-images.sh     # real Redis/PostgreSQL/S3/Celery images; cached by tag, minutes on a fresh machine

# Goldens are rewritten only by scripts/update-goldens.sh, never by a test
# run; the switches older versions of the tests read are cleared here too.
unset INFRACTL_UPDATE_GOLDEN INFRACTL_UPDATE_EXPECTED
# The tests clear every other INFRACTL_* variable (and DOCKER_HOST, NO_COLOR)
# for the processes they start: an `export INFRACTL_IMAGES=...` from
# scripts/up.sh changes nothing here.
./scripts/check-tests.sh

status=0
echo "== unit and end-to-end tests (release build)"
ctest --test-dir build --output-on-failure || status=1
echo "== unit tests (ASan + UBSan build)"
ctest --test-dir build-asan --output-on-failure -L unit || status=1

if [ -x scripts/fuzz.sh ]; then
  echo "== fuzzing the topology loader (bounded)"
  ./scripts/fuzz.sh "${INFRACTL_FUZZ_SECONDS:-60}" || status=1
fi
if [ -x bench/run.sh ]; then
  echo "== benchmark, quick mode (timings are reported, never asserted)"
  ./bench/run.sh --quick || status=1
fi
exit $status
