#!/usr/bin/env python3
"""Backup and restore throughput: infractl vs the raw floor, on the real engine.

One PostgreSQL service (infractl-local/postgres:15-r2) in a stack of its own
(bench-backup), filled with generated rows. Each repetition runs, in an
order that rotates every repetition:

  backup   infractl backup P postgres --to FILE
           vs  docker exec C pg_dump --format=custom ... > FILE
  restore  infractl restore P postgres --from FILE (into a dropped and
           recreated database)
           vs  docker exec -i C pg_restore (the same flags infractl passes) < FILE

Every step is checked (untimed): the archive starts with PGDMP and the
restored table's row count is the one that was dumped; a failed check means
the benchmark is broken (exit 1). Medians and ratios infractl / floor are
reported, never asserted. See docs/stateful.md ("Backups and restore").
"""
import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

STACK = "bench-backup"
PROJECT = "bkbench"
CONTAINER = f"{PROJECT}-postgres"
IMAGE = "infractl-local/postgres:15-r2"
USER, DB, PASSWORD = "bench", "benchdb", "bench-pw"
PORT = 27190

TOPOLOGY = f"""version: 1
stack: {STACK}
projects:
  {PROJECT}:
    services:
      postgres:
        image: {IMAGE}
        singleton: true
        environment:
          POSTGRES_USER: {USER}
          POSTGRES_DB: {DB}
          POSTGRES_PASSWORD: {PASSWORD}
        ports: ["127.0.0.1:{PORT}:5432"]
        volumes: ["pgdata:/var/lib/postgresql/data"]
        stop_signal: SIGINT
        healthcheck:
          test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "{USER}", "-d", "{DB}"]
          interval: 1s
          timeout: 3s
          retries: 60
"""

RESTORE_FLAGS = ["--single-transaction", "--no-owner", "--no-privileges"]


class Broken(Exception):
    """The benchmark itself failed."""


def sh(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise Broken(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.strip()[-500:]}")
    return r.stdout


def psql(sql, db=DB):
    return sh(["docker", "exec", CONTAINER, "psql", "-X", "-tA", "-v", "ON_ERROR_STOP=1", "-U", USER, "-d", db,
               "-c", sql]).strip()


def timed(cmd, stdin=None, stdout=None):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdin=stdin, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise Broken(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.decode(errors='replace')[-500:]}")
    return dt


class Bench:
    def __init__(self, args, work):
        self.args, self.work = args, work
        self.topo = os.path.join(work, "topology.yaml")
        with open(self.topo, "w") as f:
            f.write(TOPOLOGY)
        self.env = dict(os.environ, INFRACTL_STATE_DIR=os.path.join(work, "state"), NO_COLOR="1")
        for k in [k for k in self.env if k.startswith("INFRACTL_") and k != "INFRACTL_STATE_DIR"]:
            del self.env[k]

    def infractl(self, *args):
        return [self.args.infractl, "-f", self.topo] + list(args)

    def up(self):
        sh(self.infractl("up", "--wait"), env=self.env)

    def down(self):
        subprocess.run(self.infractl("down", "--volumes"), env=self.env, capture_output=True)

    def fill(self, rows):
        psql("DROP TABLE IF EXISTS t")
        psql("CREATE TABLE t (id int PRIMARY KEY, h text, b bytea, n bigint)")
        psql(f"INSERT INTO t SELECT i, md5(i::text) || md5((i * 31)::text), decode(md5(i::text), 'hex'), i::bigint * 7919 "
             f"FROM generate_series(1, {rows}) i")
        return int(psql("SELECT count(*) FROM t"))

    def fresh_db(self):
        psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", db="postgres")
        psql(f"CREATE DATABASE {DB} OWNER {USER}", db="postgres")

    def check_archive(self, path):
        with open(path, "rb") as f:
            if f.read(5) != b"PGDMP":
                raise Broken(f"{path} is not a custom archive")

    def backup(self, who, path):
        if who == "infractl":
            dt = self._timed_env(self.infractl("backup", PROJECT, "postgres", "--to", path))
        else:
            with open(path, "wb") as out:
                dt = timed(["docker", "exec", CONTAINER, "pg_dump", "--format=custom", "-U", USER, "-d", DB],
                           stdout=out)
        self.check_archive(path)
        return dt

    def restore(self, who, path, rows):
        self.fresh_db()
        if who == "infractl":
            dt = self._timed_env(self.infractl("restore", PROJECT, "postgres", "--from", path))
        else:
            with open(path, "rb") as src:
                dt = timed(["docker", "exec", "-i", CONTAINER, "pg_restore", "-U", USER, "-d", DB] + RESTORE_FLAGS,
                           stdin=src)
        got = int(psql("SELECT count(*) FROM t"))
        if got != rows:
            raise Broken(f"{who} restored {got} rows, not {rows}")
        return dt

    def _timed_env(self, cmd):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
        if r.returncode != 0:
            raise Broken(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.decode(errors='replace')[-500:]}")
        return dt


def markdown(meta, results):
    mib = meta["archive_bytes"] / 1048576
    lines = [f"Backup and restore of one PostgreSQL 15 database ({meta['rows']} rows, a {mib:.1f} MiB custom "
             f"archive), {meta['reps']} repetitions alternating, medians; {meta['started']}, load "
             f"{meta['load_before'][0]:.1f} before:", "",
             "| step | infractl | raw docker exec | ratio infractl / raw |", "|---|---|---|---|"]
    for step in ("backup", "restore"):
        a = statistics.median(results[step]["infractl"])
        b = statistics.median(results[step]["raw"])
        lines.append(f"| {step} | {a:.2f} s ({mib / a:.1f} MiB/s) | {b:.2f} s ({mib / b:.1f} MiB/s) | {a / b:.2f} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--infractl", required=True)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="infractl-bench-backup-")
    b = Bench(args, work)
    meta = {"started": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "rows": args.rows, "reps": args.reps, "load_before": os.getloadavg()}
    results = {"backup": {"infractl": [], "raw": []}, "restore": {"infractl": [], "raw": []}}
    status = 0
    try:
        b.down()
        b.up()
        rows = b.fill(args.rows)
        for rep in range(args.reps):
            order = ["infractl", "raw"] if rep % 2 == 0 else ["raw", "infractl"]
            for who in order:
                path = os.path.join(work, f"{who}-{rep}.dump")
                results["backup"][who].append(b.backup(who, path))
                meta["archive_bytes"] = os.path.getsize(path)
            for who in order:
                # Each restores its own archive (the same database dumped twice).
                results["restore"][who].append(b.restore(who, os.path.join(work, f"{who}-{rep}.dump"), rows))
                os.unlink(os.path.join(work, f"{who}-{rep}.dump"))
            print(f"rep {rep + 1}/{args.reps}: " + ", ".join(
                f"{s} {w} {results[s][w][-1]:.2f} s" for s in results for w in order), flush=True)
    except Broken as e:
        print(f"bench: BROKEN: {e}", file=sys.stderr)
        status = 1
    finally:
        b.down()
        shutil.rmtree(work, ignore_errors=True)
    if status == 0:
        md = markdown(meta, results)
        print(md)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        with open(os.path.join(args.out, f"backup-{stamp}.md"), "w") as f:
            f.write(md)
        with open(os.path.join(args.out, f"backup-{stamp}.json"), "w") as f:
            json.dump({"meta": meta, "results": results}, f, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
