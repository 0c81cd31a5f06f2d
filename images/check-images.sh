#!/usr/bin/env bash
# Checks that the images built by scripts/build-images.sh start and answer:
# redis-cli ping, postgres password login from another container, S3 PUT/GET
# through a port published on 127.0.0.1, the RedisInsight stand-in's page, and
# the example Celery apps end to end (tasks, beat ticks, a worker stopped while
# tasks run loses none). Everything runs on a user-defined network of its own;
# every container and the network are removed at the end, even on failure.
#
# usage: images/check-images.sh
set -uo pipefail

run_id="imgcheck-$$"
root="$(cd "$(dirname "$0")/.." && pwd)"
net="$run_id"
containers=()
passed=0
failed=0

cleanup() {
  [ ${#containers[@]} -eq 0 ] || docker rm -f "${containers[@]}" >/dev/null 2>&1
  docker network rm "$net" >/dev/null 2>&1 || true
  docker rmi "infractl-check/turfoo:$run_id" "infractl-check/order:$run_id" >/dev/null 2>&1 || true
}
trap cleanup EXIT

ok() { passed=$((passed + 1)); printf 'ok    %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$*"; }
check() { local what="$1"; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }

# start NAME ALIAS IMAGE [docker run args... --] [command...]
start() {
  local name="$run_id-$1" alias="$2" image="$3"; shift 3
  local opts=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  containers+=("$name")
  docker run -d --name "$name" --network "$net" --network-alias "$alias" \
    "${opts[@]}" "$image" "$@" >/dev/null
}

# wait_until SECONDS CMD...: runs CMD every 0.5 s until it succeeds, for at
# most SECONDS (and at most 4 tries a second).
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  for _ in $(seq 1 $(( (deadline - SECONDS) * 4 + 1 ))); do
    "$@" >/dev/null 2>&1 && return 0
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
  return 1
}

stats_records() { docker exec "$run_id-$1" python3 -m "$2".stats | awk '$1 == "records" { print $2 }'; }

check_redis() {
  start redis redis infractl-local/redis:7
  wait_until 20 docker exec "$run_id-redis" redis-cli ping
  check "redis: redis-cli ping in the container answers PONG" \
    test "$(docker exec "$run_id-redis" redis-cli ping)" = PONG
  check "redis: another container sets and gets a key over the network" \
    docker run --rm --network "$net" infractl-local/redis:7 sh -c \
      'redis-cli -h redis set k v && test "$(redis-cli -h redis get k)" = v'
}

check_postgres() {
  start pg turfoo-postgres infractl-local/postgres:15-r3 \
    -e POSTGRES_USER=turfoo -e POSTGRES_PASSWORD=pw -e POSTGRES_DB=turfoo
  check "postgres: pg_isready -h 127.0.0.1 within 60 s" \
    wait_until 60 docker exec "$run_id-pg" pg_isready -h 127.0.0.1 -U turfoo -d turfoo
  check "postgres: psql with the password from another container" \
    docker run --rm --network "$net" -e PGPASSWORD=pw infractl-local/postgres:15-r3 \
      psql -h turfoo-postgres -U turfoo -d turfoo -Atc 'select 1'
  if docker run --rm --network "$net" -e PGPASSWORD=wrong infractl-local/postgres:15-r3 \
      psql -h turfoo-postgres -U turfoo -d turfoo -Atc 'select 1' >/dev/null 2>&1; then
    bad "postgres: a wrong password is refused"
  else
    ok "postgres: a wrong password is refused"
  fi
  check "postgres: the server runs as user postgres" \
    test "$(docker exec "$run_id-pg" sh -c 'stat -c %U /proc/1')" = postgres
}

check_s3() {
  start s3 minio infractl-local/s3:1 -p 127.0.0.1::9000 \
    -e MINIO_ROOT_USER=admin -e MINIO_ROOT_PASSWORD=adminpass -- server /data --console-address :9001
  local port url body
  port="$(docker port "$run_id-s3" 9000/tcp | head -n1 | sed 's/.*://')"
  url="http://127.0.0.1:$port"
  check "s3: health endpoint inside the container within 30 s" \
    wait_until 30 docker exec "$run_id-s3" curl -fsS http://127.0.0.1:9000/minio/health/live
  check "s3: PUT bucket" curl -fsS -X PUT "$url/check-bucket"
  body="infractl check $$"
  check "s3: PUT object" curl -fsS -X PUT --data-binary "$body" "$url/check-bucket/a/b.txt"
  check "s3: GET object returns what was put" test "$(curl -fsS "$url/check-bucket/a/b.txt")" = "$body"
  check "s3: signed request with MINIO_ROOT_USER lists the bucket" sh -c \
    "curl -fsS --aws-sigv4 aws:amz:us-east-1:s3 --user admin:adminpass \
       -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' '$url/' | grep -q check-bucket"
}

check_redisinsight() {
  start ri redisinsight infractl-local/redisinsight-standin:1
  check "redisinsight stand-in: /api/health/ answers within 10 s" \
    wait_until 10 docker exec "$run_id-ri" wget -q -O /dev/null http://127.0.0.1:5540/api/health/
}

# The example apps, built from examples/ as infractl's `build:` would (their
# base is infractl-local/celery:5); removed again by cleanup.
app_image() {
  docker build -q -t "infractl-check/$1:$run_id" "$root/examples/$1" >/dev/null && printf 'infractl-check/%s:%s\n' "$1" "$run_id"
}

check_celery() {
  local db="postgresql://turfoo:pw@turfoo-postgres:5432/turfoo" out before after turfoo order
  turfoo="$(app_image turfoo)" && order="$(app_image order)" || { echo "cannot build the example apps" >&2; failed=$((failed + 1)); return; }
  start w1 w1 "$turfoo" -e "DATABASE_URL=$db"
  start w2 w2 "$turfoo" -e "DATABASE_URL=$db"
  start beat beat "$turfoo" -e "DATABASE_URL=$db" -- \
    celery -A turfoo.celery_app beat --loglevel=info -s /tmp/celerybeat-schedule
  check "celery: worker answers inspect ping within 60 s" wait_until 60 \
    docker exec "$run_id-w1" sh -c 'celery -A turfoo.celery_app inspect ping -d celery@$HOSTNAME -t 5'
  out="$(docker exec "$run_id-w1" python3 -m turfoo.send_tasks 10 --wait 120 2>&1 | tail -n1)"
  check "celery: 10 record tasks return (got '$out')" test "$out" = "10 results, sum 55"
  check "celery: beat's tick lands in table ticks within 30 s" wait_until 30 \
    sh -c "docker exec $run_id-w2 python3 -m turfoo.stats | grep -Eq '^ticks [1-9]'"

  # Scale-down: stop w1 while tasks run; every task must still complete once.
  before="$(stats_records w2 turfoo)"
  docker exec "$run_id-w2" python3 -m turfoo.send_tasks 8 --delay 2 --wait 120 >"/tmp/$run_id.send" 2>&1 &
  local sender=$!
  sleep 3
  docker stop -t 30 "$run_id-w1" >/dev/null
  check "celery: a worker stopped mid-task exits 0 (warm shutdown)" \
    test "$(docker inspect -f '{{.State.ExitCode}}' "$run_id-w1")" = 0
  wait "$sender"
  out="$(tail -n1 "/tmp/$run_id.send")"; rm -f "/tmp/$run_id.send"
  after="$(stats_records w2 turfoo)"
  check "celery: all 8 tasks return despite the stop (got '$out')" test "$out" = "8 results, sum 36"
  check "celery: exactly 8 new rows in records ($before -> $after)" test "$((after - before))" = 8

  start opg order-postgres infractl-local/postgres:15-r3 \
    -e POSTGRES_USER=order -e POSTGRES_PASSWORD=pw2 -e POSTGRES_DB=order
  start ow ow "$order" -e DATABASE_URL=postgresql://order:pw2@order-postgres:5432/order
  out="$(docker exec "$run_id-ow" python3 -m order.send_tasks 3 --wait 120 2>&1 | tail -n1)"
  check "celery: order app's tasks return on queue 'order' (got '$out')" test "$out" = "3 results, sum 6"
}

main() {
  docker network create "$net" >/dev/null || { echo "cannot create network $net" >&2; exit 1; }
  check_redis
  check_postgres
  check_s3
  check_redisinsight
  check_celery
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

main
