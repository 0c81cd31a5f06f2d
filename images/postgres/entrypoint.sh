#!/bin/bash
# Does what the official postgres image's docker-entrypoint.sh does, for the
# parts a topology relies on: on first start (no $PGDATA/PG_VERSION) it runs
# initdb for POSTGRES_USER with POSTGRES_PASSWORD, creates POSTGRES_DB, runs
# /docker-entrypoint-initdb.d/*.sh|*.sql, listens on every address with
# password auth (POSTGRES_HOST_AUTH_METHOD, default scram-sha-256) from the
# network; then it execs postgres as user postgres so a stop signal reaches
# the server itself. POSTGRES_PASSWORD_FILE (and the other *_FILE variables
# the official image reads) give a value from a file such as /run/secrets/x.
#
# Streaming replication (r3, docs/stateful.md), driven by variables infractl sets:
#   INFRACTL_REPLICATION_USER  on a primary: at every start, ensure this role
#                              (REPLICATION LOGIN, password POSTGRES_PASSWORD) and a
#                              `host replication` line in pg_hba.conf, also on an
#                              existing data directory.
#   INFRACTL_PRIMARY_HOST      on a replica: seed an empty (or orphaned) PGDATA with
#                              pg_basebackup from that host over INFRACTL_REPLICATION_SLOT,
#                              then run as a hot standby. The password goes through a
#                              0600 passfile, never a command line.
set -Eeuo pipefail

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

fail() { echo "postgres entrypoint: error: $*" >&2; exit 1; }

# VAR_FILE=/run/secrets/x sets VAR from that file, as the official image's
# file_env does (trailing newlines dropped). Runs before the switch to user
# postgres, so a secret readable by root only (mode 0400) works; the re-exec
# inherits VAR and no longer sees VAR_FILE.
file_env() {
  local var="$1" file_var="${1}_FILE"
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    fail "both $var and $file_var are set (but are exclusive)"
  fi
  if [ -n "${!file_var:-}" ]; then
    [ -r "${!file_var}" ] || fail "$file_var: cannot read '${!file_var}'"
    export "$var"="$(<"${!file_var}")"
  fi
  unset "$file_var"
}
for v in POSTGRES_PASSWORD POSTGRES_USER POSTGRES_DB POSTGRES_INITDB_ARGS; do file_env "$v"; done

init_database() {
  local user="${POSTGRES_USER:-postgres}"
  local db="${POSTGRES_DB:-$user}"
  local auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
    fail "the database is uninitialized and POSTGRES_PASSWORD is not set
  set POSTGRES_PASSWORD to a non-empty value for the superuser '$user',
  or POSTGRES_HOST_AUTH_METHOD=trust to allow every connection without a password"
  fi

  local pwargs=() pwfile=""
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then
    pwfile="$(mktemp)"   # mode 600, owned by postgres
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    pwargs=(--pwfile="$pwfile")
  fi
  # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is a list of flags, as upstream
  initdb --username="$user" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host="$auth" "${pwargs[@]}" ${POSTGRES_INITDB_ARGS:-}
  [ -z "$pwfile" ] || rm -f "$pwfile"
  {
    echo
    echo "# added by the infractl-local entrypoint"
    echo "host all all all $auth"
  } >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"

  # Private server while initialising: no TCP, so a TCP healthcheck
  # (pg_isready -h 127.0.0.1) stays red until the real server runs.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start
  local psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$user" --dbname postgres)
  if [ "$db" != postgres ]; then
    "${psql[@]}" --set db="$db" <<<'CREATE DATABASE :"db";'
  fi
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; . "$f" ;;
      *.sql) echo "running $f"; "${psql[@]}" --dbname "$db" -f "$f" ;;
      *.sql.gz) echo "running $f"; gunzip -c "$f" | "${psql[@]}" --dbname "$db" ;;
      *) [ -e "$f" ] && echo "ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "postgres entrypoint: initialised $PGDATA for user '$user', database '$db'"
}

# Runs SQL from stdin on a private server (no TCP) as the superuser; the
# password reaches psql through its environment (\getenv), not argv.
private_sql() {
  local user="${POSTGRES_USER:-postgres}"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start >/dev/null
  REPL_PW="${POSTGRES_PASSWORD:-}" psql -v ON_ERROR_STOP=1 --no-psqlrc -q --username "$user" --dbname postgres \
    --set u="$INFRACTL_REPLICATION_USER"
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
}

ensure_replication_role() {
  local user="$INFRACTL_REPLICATION_USER" auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  if ! grep -qE "^host[[:space:]]+replication[[:space:]]+$user[[:space:]]" "$PGDATA/pg_hba.conf"; then
    printf '\n# added by the infractl-local entrypoint: streaming replicas\nhost replication %s all %s\n' \
      "$user" "$auth" >>"$PGDATA/pg_hba.conf"
  fi
  private_sql <<'SQL'
\getenv pw REPL_PW
SELECT format('CREATE ROLE %I', :'u') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'u') \gexec
ALTER ROLE :"u" WITH REPLICATION LOGIN PASSWORD :'pw';
-- The replicas' healthcheck reads pg_stat_wal_receiver as this role, and
-- status reads pg_stat_replication: both hide their columns from other roles.
GRANT pg_read_all_stats TO :"u";
SQL
  echo "postgres entrypoint: replication role '$user' ready"
}

pgpass_escape() { local v="${1//\\/\\\\}"; printf '%s' "${v//:/\\:}"; }

# A replica keeps its data only while the primary still has its slot: without
# the slot the WAL it needs may be gone, so it seeds again from scratch.
seed_replica() {
  local host="$INFRACTL_PRIMARY_HOST" port="${INFRACTL_PRIMARY_PORT:-5432}"
  local user="${INFRACTL_REPLICATION_USER:?INFRACTL_REPLICATION_USER is not set}"
  local slot="${INFRACTL_REPLICATION_SLOT:?INFRACTL_REPLICATION_SLOT is not set}"
  export PGPASSFILE=/var/run/postgresql/.pgpass
  (umask 077; printf '%s:%s:*:%s:%s\n' "$host" "$port" "$user" "$(pgpass_escape "${POSTGRES_PASSWORD:-}")" >"$PGPASSFILE")
  local i
  for i in $(seq 1 120); do
    pg_isready -q -h "$host" -p "$port" && break
    [ "$i" = 120 ] && fail "primary $host:$port not ready after 120 s"
    sleep 1
  done
  local have
  have="$(psql -XtAq -h "$host" -p "$port" -U "$user" -d postgres --set slot="$slot" \
    <<<"SELECT count(*) FROM pg_replication_slots WHERE slot_name = :'slot';")"
  if [ -s "$PGDATA/PG_VERSION" ] && [ "$(<"$PGDATA/PG_VERSION")" = "${PG_MAJOR:-}" ] \
    && [ -f "$PGDATA/standby.signal" ] && [ "$have" = 1 ]; then
    echo "postgres entrypoint: replica of $host keeps its data (slot $slot)"
    return
  fi
  echo "postgres entrypoint: seeding replica from $host over slot $slot"
  find "$PGDATA" -mindepth 1 -delete
  local create=(-C)
  [ "$have" = 1 ] && create=()
  pg_basebackup -h "$host" -p "$port" -U "$user" -D "$PGDATA" -R -X stream -S "$slot" "${create[@]}"
  echo "postgres entrypoint: replica seeded"
}

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
  chmod 700 "$PGDATA"
  chown postgres:postgres /var/run/postgresql
  chmod 2775 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ "$1" = postgres ] && [ -n "${INFRACTL_PRIMARY_HOST:-}" ]; then
  seed_replica
elif [ "$1" = postgres ]; then
  [ -s "$PGDATA/PG_VERSION" ] || init_database
  [ -z "${INFRACTL_REPLICATION_USER:-}" ] || ensure_replication_role
fi

exec "$@"
