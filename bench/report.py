"""Machine description, the results table and the targets check, as markdown."""
import datetime
import os
import platform
import statistics
import subprocess

import engine_api

BEGIN = "<!-- bench/run.sh: results begin -->"
END = "<!-- bench/run.sh: results end -->"

LABELS = {"up_cold": "cold `up`", "up_noop": "no-op `up`", "plan": "`plan` (converged)",
          "scale_up": "scale w 1 -> N", "scale_down": "scale w N -> 1",
          "recreate": "recreate s1 (env change)", "down": "`down`"}


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _mem_gib():
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])
    return kib / 1024 / 1024


def _compose_version():
    try:
        out = subprocess.run(["docker-compose", "version", "--short"], capture_output=True, text=True, timeout=30)
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine(args, sizes):
    v = engine_api.engine_version()
    return {
        "started": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": f"{os.cpu_count()} x {_cpu_model()}", "mem_gib": round(_mem_gib(), 1),
        "kernel": platform.release(), "engine": f"Docker Engine {v.get('Version', '?')} (API {v.get('ApiVersion', '?')})",
        "compose": _compose_version(), "sizes": sizes, "reps": args.reps, "load_before": os.getloadavg(),
    }


def _t(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _cell(vals):
    if not vals:
        return "n/a"
    return f"{_t(statistics.median(vals))} ({_t(min(vals))}-{_t(max(vals))})"


def _ratio(a, b):
    return f"{statistics.median(a) / statistics.median(b):.2f}" if a and b else "n/a"


def _calls(rows):
    if not rows or "calls" not in rows[0]:
        return "n/a"
    totals = sorted(sum(r["calls"].values()) for r in rows)
    first = rows[0]["calls"]
    parts = ", ".join(f"{k} {v}" for k, v in sorted(first.items(), key=lambda kv: (-kv[1], kv[0])))
    spread = f"{totals[0]}" if totals[0] == totals[-1] else f"{totals[0]}-{totals[-1]}"
    return f"{spread}: {parts}"


def _pick(results, n, scenario, contender):
    return [r for r in results if r["n"] == n and r["scenario"] == scenario and r["contender"] == contender]


def _walls(rows):
    return [r["wall"] for r in rows]


def table(results, n, scenarios):
    lines = [f"**N = {n}**", "",
             "| scenario | infractl | raw floor | compose | infractl / floor | compose / infractl "
             "| infractl CPU | peak RSS | engine calls (infractl) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for s in scenarios:
        i, f, c = (_pick(results, n, s, x) for x in ("infractl", "floor", "compose"))
        cpu = f"{statistics.median(r['cpu'] for r in i) * 1000:.0f} ms" if i else "n/a"
        rss = f"{max(r['rss_kib'] for r in i) / 1024:.1f} MiB" if i else "n/a"
        lines.append(f"| {LABELS[s]} | {_cell(_walls(i))} | {_cell(_walls(f))} | {_cell(_walls(c))} "
                     f"| {_ratio(_walls(i), _walls(f))} | {_ratio(_walls(c), _walls(i))} | {cpu} | {rss} "
                     f"| {_calls(i)} |")
    return "\n".join(lines) + "\n"


def targets(results, sizes):
    out = []

    def med(n, s, who):
        rows = _walls(_pick(results, n, s, who))
        return statistics.median(rows) if rows else None

    for n in (50, 100):
        if n not in sizes:
            continue
        for s in ("up_cold", "scale_up", "scale_down", "down"):
            i, f = med(n, s, "infractl"), med(n, s, "floor")
            if i and f:
                ok = i / f <= 1.15
                out.append(f"- {LABELS[s]}, N = {n}: infractl / floor = {i / f:.2f}, target <= 1.15: "
                           f"{'met' if ok else '**missed**'}")
    if 100 in sizes:
        for s in ("up_noop", "plan"):
            i = med(100, s, "infractl")
            if i:
                out.append(f"- {LABELS[s]}, N = 100: {_t(i)}, target < 80 ms: {'met' if i < 0.080 else '**missed**'}")
        i, c = med(100, "up_noop", "infractl"), med(100, "up_noop", "compose")
        if i and c:
            out.append(f"- no-op `up`, N = 100: compose / infractl = {c / i:.1f}, target >= 10: "
                       f"{'met' if c / i >= 10 else '**missed**'}")
    if 50 in sizes:
        i, c = med(50, "up_cold", "infractl"), med(50, "up_cold", "compose")
        if i and c:
            out.append(f"- cold `up`, N = 50: compose / infractl = {c / i:.2f}, target >= 1.2: "
                       f"{'met' if c / i >= 1.2 else '**missed**'}")
    return "\n".join(out) + ("\n" if out else "")


def markdown(meta, results, sizes, scenarios):
    load_b = ", ".join(f"{x:.2f}" for x in meta["load_before"])
    load_a = ", ".join(f"{x:.2f}" for x in meta.get("load_after", meta["load_before"]))
    head = (f"Run of {meta['started']} to {meta.get('finished', '?')}: {meta['cpu']}, {meta['mem_gib']} GiB, "
            f"Linux {meta['kernel']}, {meta['engine']}, docker-compose {meta['compose']}. "
            f"{meta['reps']} repetitions per size, contenders alternating; the floor ran "
            f"{meta.get('floor_parallel', '?')} parallel curl streams. "
            f"Load average (1, 5, 15 min) before: {load_b}; after: {load_a}.\n\n"
            "Cells: median (min-max) wall time. Ratios are of medians. CPU is user + system time of the "
            "infractl process, median; peak RSS the largest of the repetitions; engine calls from its `-vv` "
            "log (total, then by kind, of the first repetition).\n\n")
    body = "\n".join(table(results, n, scenarios) for n in sizes)
    return head + body + "\nTargets:\n\n" + targets(results, sizes)


def write_into_doc(path, md):
    with open(path) as f:
        doc = f.read()
    block = f"{BEGIN}\n{md}{END}"
    if BEGIN in doc and END in doc:
        doc = doc[:doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
    else:
        doc = doc.rstrip("\n") + "\n\n## Engine benchmark: results\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(doc)
