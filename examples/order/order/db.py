"""PostgreSQL access for the tasks: one short connection per task."""
import os

import psycopg2

from .celery_app import PROJECT

DEFAULT_URL = f"postgresql://{PROJECT}:{PROJECT}@{PROJECT}-postgres:5432/{PROJECT}"

# Table names are constants, never user input, so they are formatted in.
SCHEMA = {
    "records": """CREATE TABLE IF NOT EXISTS records (
        id bigserial PRIMARY KEY, n integer NOT NULL, task_id text, worker text,
        created_at timestamptz NOT NULL DEFAULT now())""",
    "ticks": """CREATE TABLE IF NOT EXISTS ticks (
        id bigserial PRIMARY KEY, task_id text, worker text,
        created_at timestamptz NOT NULL DEFAULT now())""",
}


def connect():
    return psycopg2.connect(os.environ.get("DATABASE_URL", DEFAULT_URL), connect_timeout=5)


def _ensure_table(cur, table):
    # Concurrent CREATE TABLE IF NOT EXISTS from several workers can still
    # collide in the catalog; a transaction-scoped advisory lock serialises it.
    cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (table,))
    cur.execute(SCHEMA[table])


def insert(table, columns):
    """Inserts one row (a dict of column -> value) into `table`, creating it if missing."""
    conn = connect()
    try:
        with conn, conn.cursor() as cur:
            _ensure_table(cur, table)
            names = ", ".join(columns)
            marks = ", ".join(["%s"] * len(columns))
            cur.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(columns.values()))
    finally:
        conn.close()


def count(table):
    """Rows in `table`, 0 when it does not exist yet."""
    conn = connect()
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT to_regclass(%s) IS NOT NULL", (table,))
            if not cur.fetchone()[0]:
                return 0
            cur.execute(f"SELECT count(*) FROM {table}")
            return cur.fetchone()[0]
    finally:
        conn.close()
