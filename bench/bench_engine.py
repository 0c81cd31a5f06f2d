#!/usr/bin/env python3
"""infractl vs docker compose vs the raw engine floor, on the real engine.

For each size N, each repetition runs the three contenders one after the
other (the order rotates every repetition) through the same sequence:
cold up, no-op up, plan, scale w 1->N, scale w N->1, recreate s1 after an
environment change, down. Every step is checked (untimed) against the engine
before the next runs; a failed check means the benchmark is broken (exit 1).
Timings are reported, never asserted. See docs/performance.md.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import signal
import subprocess
import threading
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_api  # noqa: E402
import report  # noqa: E402
import scenario_files as sf  # noqa: E402

SCENARIOS = ["up_cold", "up_noop", "plan", "scale_up", "scale_down", "recreate", "down"]
CONTENDERS = ["infractl", "floor", "compose"]
ENGINE_CALL = re.compile(r"^debug: engine (GET|POST|DELETE|PUT|HEAD) (\S+) -> ")
COMPOSE_LABEL = f"com.docker.compose.project={sf.COMPOSE_PROJECT}"


class Broken(Exception):
    """The benchmark itself failed (a command failed or left the wrong state)."""


class Hung(Exception):
    """A command made no progress within the time bound (docker-compose 1.29
    has twice stopped creating containers halfway through an `up` of 100)."""


# Bound on one command of one contender, in seconds (BENCH_TIMEOUT).
COMMAND_TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "300"))


def run_timed(cmd, env, log_dir, tag, shell=False):
    """Runs cmd; returns wall seconds, CPU seconds, peak RSS KiB, stderr path.
    Raises Hung, after killing the command's process group, past COMMAND_TIMEOUT."""
    out_path = os.path.join(log_dir, tag + ".out")
    err_path = os.path.join(log_dir, tag + ".err")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, shell=shell, start_new_session=True)
        # A watchdog rather than polling, so the measured wall time is exact.
        hung = threading.Event()

        def kill():
            hung.set()
            os.killpg(proc.pid, signal.SIGKILL)

        watchdog = threading.Timer(COMMAND_TIMEOUT, kill)
        watchdog.start()
        _, status, ru = os.wait4(proc.pid, 0)
        watchdog.cancel()
        wall = time.perf_counter() - start
        if hung.is_set():
            raise Hung(f"{tag}: no exit after {COMMAND_TIMEOUT:.0f} s")
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        with open(err_path, errors="replace") as f:
            tail = f.read()[-2000:]
        raise Broken(f"{tag}: {cmd if shell else ' '.join(cmd)} exited {proc.returncode}\n{tail}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_kib": ru.ru_maxrss, "stderr": err_path}


def call_kind(method, parts):
    """'list containers', 'inspect containers', 'POST containers/start', ..."""
    if parts == ["_ping"]:
        return "ping"
    if method == "GET" and parts in (["containers", "json"], ["networks"], ["volumes"]):
        return f"list {parts[0]}"
    if method == "GET" and (parts[-1] == "json" or parts[0] == "networks"):
        return f"inspect {parts[0]}"
    if method == "DELETE":
        return f"remove {parts[0]}"
    if parts[-1] == "create":
        return f"create {parts[0]}"
    return f"{method} {parts[0]}/{parts[-1]}"


def engine_calls(err_path):
    kinds = {}
    with open(err_path, errors="replace") as f:
        for line in f:
            m = ENGINE_CALL.match(line)
            if not m:
                continue
            method, target = m.group(1), m.group(2)
            path = re.sub(r"^/v[0-9.]+", "", target.split("?")[0])
            parts = path.strip("/").split("/")
            kinds[call_kind(method, parts)] = kinds.get(call_kind(method, parts), 0) + 1
    return kinds


class Contender:
    def __init__(self, name, work, n, args):
        self.name, self.work, self.n, self.args = name, work, n, args
        self.env = dict(os.environ)
        self.env.pop("BENCH_V", None)
        self.logs = os.path.join(work, "logs")
        os.makedirs(self.logs, exist_ok=True)

    def label(self):
        return {"infractl": f"io.infractl.stack={sf.INFRACTL_STACK}",
                "floor": f"io.infractl.stack={sf.FLOOR_STACK}", "compose": COMPOSE_LABEL}[self.name]


class Infractl(Contender):
    def __init__(self, work, n, args):
        super().__init__("infractl", work, n, args)
        self.topo, self.prof = sf.write_infractl(work, n)
        self.state = os.path.join(work, "state")
        self.env["INFRACTL_STATE_DIR"] = self.state
        self.network = None  # the default bridge (see scenario_files.py)
        self.base = [args.infractl, "-f", self.topo, "--profile", self.prof, "--no-color", "-vv"]

    def command(self, scenario):
        return {
            "up_cold": ["up", "-q"], "up_noop": ["up", "-q"], "plan": ["plan"], "recreate": ["up", "-q"],
            "scale_up": ["scale", sf.INFRACTL_STACK, f"w={self.n}", "-q"],
            "scale_down": ["scale", sf.INFRACTL_STACK, "w=1", "-q"], "down": ["down", "-q"],
        }[scenario]

    def reset(self):
        shutil.rmtree(self.state, ignore_errors=True)

    def run(self, scenario, tag):
        env = dict(self.env, BENCH_V="2") if scenario == "recreate" else self.env
        r = run_timed(self.base + self.command(scenario), env, self.logs, tag)
        r["calls"] = engine_calls(r["stderr"])
        return r

    def s1(self):
        return f"{sf.INFRACTL_STACK}-s1-1"


class Compose(Contender):
    def __init__(self, work, n, args):
        super().__init__("compose", work, n, args)
        self.file = sf.write_compose(work, n)
        self.network = None
        self.base = ["docker-compose", "-p", sf.COMPOSE_PROJECT, "-f", self.file, "--no-ansi"]

    def command(self, scenario):
        return {
            "up_cold": ["up", "-d"], "up_noop": ["up", "-d"], "recreate": ["up", "-d"],
            "scale_up": ["up", "-d", "--no-deps", "--scale", f"w={self.n}", "w"],
            "scale_down": ["up", "-d", "--no-deps", "--scale", "w=1", "w"], "down": ["down"],
        }.get(scenario)

    def reset(self):
        pass

    def run(self, scenario, tag):
        cmd = self.command(scenario)
        if cmd is None:
            return None  # compose has no plan
        env = dict(self.env, BENCH_V="2") if scenario == "recreate" else self.env
        return run_timed(self.base + cmd, env, self.logs, tag)

    def s1(self):
        return f"{sf.COMPOSE_PROJECT}_s1_1"


class Floor(Contender):
    def __init__(self, work, n, args, parallel):
        super().__init__("floor", work, n, args)
        self.parallel = parallel
        self.network = None
        self.commands = sf.write_floor(work, n, parallel)

    def reset(self):
        pass

    def run(self, scenario, tag):
        return run_timed(self.commands[scenario], self.env, self.logs, tag, shell=True)

    def s1(self):
        return sf.floor_name("s1")


def expected_running(scenario, n):
    return {"scale_up": 2 * n - 1, "down": 0}.get(scenario, n)


def verify(c, scenario):
    cs = engine_api.containers(c.label())
    running = [x for x in cs if x.get("State") == "running"]
    want = expected_running(scenario, c.n)
    if len(running) != want or len(cs) != want:
        raise Broken(f"{c.name} after {scenario}: {len(running)} running of {len(cs)} containers, want {want}")
    if scenario == "down" and c.network and any(x.get("Name") == c.network for x in engine_api.networks(c.label())):
        raise Broken(f"{c.name} after down: its network {c.network} is still there")
    if scenario == "recreate":
        info = engine_api.inspect(c.s1()) or {}
        env = (info.get("Config") or {}).get("Env") or []
        if "BENCH_V=2" not in env:
            raise Broken(f"{c.name} after recreate: {c.s1()} has environment {env}, want BENCH_V=2")


def cleanup():
    for label in (f"io.infractl.stack={sf.INFRACTL_STACK}", f"io.infractl.stack={sf.FLOOR_STACK}", COMPOSE_LABEL):
        engine_api.remove_labelled(label)


def compose_down(work):
    path = os.path.join(work, "docker-compose.yml")
    if os.path.exists(path):
        subprocess.run(["docker-compose", "-p", sf.COMPOSE_PROJECT, "-f", path, "--no-ansi", "down"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def run_sequence(c, rep, results):
    c.reset()
    for scenario in SCENARIOS:
        r = c.run(scenario, f"{c.name}-n{c.n}-r{rep}-{scenario}")
        if r is None:
            continue
        verify(c, scenario)
        r.pop("stderr", None)
        results.append(dict(r, contender=c.name, n=c.n, rep=rep, scenario=scenario))


def calibrate(work, n, choices):
    """The floor's best parallelism: cold up + down at each choice, fastest wins."""
    best = None
    for p in choices:
        d = os.path.join(work, f"calib-{p}")
        os.makedirs(d, exist_ok=True)
        f = Floor(d, n, None, p)
        up = f.run("up_cold", f"calib-p{p}-up")["wall"]
        verify(f, "up_cold")
        down = f.run("down", f"calib-p{p}-down")["wall"]
        verify(f, "down")
        print(f"  floor parallelism {p:3d}: up {up:.2f} s, down {down:.2f} s", flush=True)
        if best is None or up + down < best[1]:
            best = (p, up + down)
    return best[0]


def publish(args, meta, results, sizes, stamp, final):
    """Writes what is finished so far: a run cut short still leaves its figures."""
    meta["load_after"] = os.getloadavg()
    meta["finished"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    with open(os.path.join(args.out, f"engine-{stamp}.json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)
    kept = [r for r in results if r["n"] in sizes]
    md = report.markdown(meta, kept, sizes, SCENARIOS)
    if meta.get("dropped"):
        md = f"(Dropped, a command hung: {'; '.join(meta['dropped'])}.)\n\n" + md
    if not final and sizes != meta["sizes"]:
        md = f"(Partial: sizes {', '.join(map(str, sizes)) or 'none'} of {', '.join(map(str, meta['sizes']))}.)\n\n" + md
    with open(os.path.join(args.out, f"engine-{stamp}.md"), "w") as f:
        f.write(md)
    if final:
        print(md)
    if args.doc and sizes:
        report.write_into_doc(args.doc, md)


def render_saved(args):
    """One table from several runs' JSON files, e.g. a run cut short and a
    later run of the remaining size. The header names every run."""
    metas, results, parts = [], [], []
    for path in args.render:
        with open(path) as f:
            saved = json.load(f)
        metas.append(saved["meta"])
        results += saved["results"]
        done = sorted({r["n"] for r in saved["results"]})
        parts.append(f"{saved['meta']['started']}: N = {', '.join(map(str, done))}, "
                     f"{saved['meta']['reps']} repetitions, floor at P = {saved['meta'].get('floor_parallel')}")
    sizes = sorted({r["n"] for r in results})
    meta = dict(metas[0], sizes=sizes, finished=metas[-1].get("finished"), load_after=metas[-1].get("load_after"))
    meta["reps"] = "/".join(str(m["reps"]) for m in metas)
    md = report.markdown(meta, results, sizes, SCENARIOS)
    if len(metas) > 1:
        md = f"Merged from {len(metas)} runs ({'; '.join(parts)}).\n\n" + md
    print(md)
    if args.doc:
        report.write_into_doc(args.doc, md)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--infractl", required=True)
    ap.add_argument("--sizes", default="10,50,100")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--floor-parallel", default="4,8,16",
                    help="parallelism levels to try for the floor (the fastest is used)")
    ap.add_argument("--contenders", default=",".join(CONTENDERS))
    ap.add_argument("--out", required=True, help="directory for results (JSON and markdown)")
    ap.add_argument("--doc", help="write the results section into this markdown file")
    ap.add_argument("--cleanup-only", action="store_true")
    ap.add_argument("--render", nargs="+", metavar="JSON",
                    help="no run: merge saved results (engine-*.json) into one table (for --doc)")
    args = ap.parse_args()
    if args.render:
        return render_saved(args)

    work = tempfile.mkdtemp(prefix="infractl-bench-")
    if args.cleanup_only:
        cleanup()
        return 0
    sizes = [int(x) for x in args.sizes.split(",")]
    contenders = args.contenders.split(",")
    os.makedirs(args.out, exist_ok=True)
    meta = report.machine(args, sizes)
    results = []
    done = []  # sizes whose every repetition finished
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    status = 0
    try:
        cleanup()
        choices = [int(x) for x in args.floor_parallel.split(",")]
        parallel = choices[0] if len(choices) == 1 else None
        if parallel is None and "floor" in contenders:
            calib_n = min(max(sizes), 50)  # the largest size costs minutes per choice on a small machine
            print(f"calibrating the floor at N={calib_n}", flush=True)
            parallel = calibrate(work, calib_n, choices)
            meta["floor_calibrated_at"] = calib_n
        meta["floor_parallel"] = parallel or choices[0]
        for n in sizes:
            d = os.path.join(work, f"n{n}")
            os.makedirs(d, exist_ok=True)
            cs = {"infractl": Infractl(d, n, args), "compose": Compose(d, n, args),
                  "floor": Floor(d, n, args, meta["floor_parallel"])}
            for rep in range(args.reps):
                order = contenders[rep % len(contenders):] + contenders[:rep % len(contenders)]
                for name in order:
                    t0 = time.perf_counter()
                    try:
                        run_sequence(cs[name], rep, results)
                    except Hung as e:
                        # The repetition is dropped, the contender's objects
                        # removed, and the run goes on with the next one.
                        results[:] = [r for r in results if (r["contender"], r["n"], r["rep"]) != (name, n, rep)]
                        meta.setdefault("dropped", []).append(f"N = {n}, {name}, repetition {rep + 1} ({e})")
                        print(f"N={n} rep {rep + 1}/{args.reps} {name}: dropped, {e}", flush=True)
                        compose_down(d)
                        cleanup()
                        continue
                    print(f"N={n} rep {rep + 1}/{args.reps} {name}: {time.perf_counter() - t0:.1f} s", flush=True)
            done.append(n)
            publish(args, meta, results, done, stamp, final=False)
    except Broken as e:
        print(f"bench: BROKEN: {e}", file=sys.stderr)
        status = 1
    finally:
        for n in sizes:
            compose_down(os.path.join(work, f"n{n}"))
        cleanup()
    publish(args, meta, results, done, stamp, final=status == 0)
    shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
