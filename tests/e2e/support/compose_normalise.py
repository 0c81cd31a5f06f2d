#!/usr/bin/env python3
"""Normalises the output of `docker-compose config` to the keys that
`infractl import compose` supports, in one canonical JSON form, so the round
trip test can compare an original compose file with infractl's export of its
import. Python because docker-compose is: wherever the test can run
docker-compose, python3 and PyYAML are installed.

Usage: compose_normalise.py < config.yml > normal.json
Rules (each: what compose writes either way -> one form):
- services with compose `profiles` are left out (the default profile does not run them);
- keys outside the supported set are dropped (they were warned about on import);
- durations -> nanoseconds, memory -> bytes, cpus -> float;
- v2 keys cpus/mem_limit/mem_reservation/cpu_shares/scale -> deploy.resources/replicas;
- defaults made explicit: restart "no", stop_grace_period 10s, replicas 1,
  healthcheck interval/timeout 30s, start_period 0s, retries 3;
- ports -> "ip:host:container/proto", volumes -> "type:source:target:ro|rw";
- networks -> sorted names (none = ["default"]); depends_on -> name: condition;
- environment values that are null (passed through, unset) are dropped;
- top-level networks and volumes: only those a service uses, networks with
  only internal and a driver other than bridge, volumes with no keys.
"""
import json
import re
import shlex
import sys

import yaml

SUPPORTED = {"image", "command", "entrypoint", "environment", "labels", "ports", "volumes", "networks",
             "depends_on", "healthcheck", "restart", "deploy", "stop_signal", "stop_grace_period", "user",
             "working_dir"}
UNITS = {"ns": 1, "us": 10**3, "ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9}


def duration(v):
    if isinstance(v, (int, float)):
        return int(v * 10**9)
    total = 0
    for num, unit in re.findall(r"([0-9.]+)(ns|us|ms|s|m|h)", str(v)):
        total += int(float(num) * UNITS[unit])
    return total


def memory(v):
    m = re.fullmatch(r"([0-9.]+)\s*([kmgt]?)i?b?", str(v).lower())
    return int(float(m.group(1)) * 1024 ** " kmgt".index(m.group(2) or " ")) if m else v


def words(v):
    return shlex.split(v) if isinstance(v, str) else list(v)


def span(text):
    a, _, b = str(text).partition("-")
    return list(range(int(a), int(b or a) + 1)) if a else []


def ports(p):
    """One entry per port: ranges (8000-8001:8000-8001) are expanded, as the topology has none."""
    if isinstance(p, dict):
        ip, host = p.get("host_ip", ""), str(p.get("published", ""))
        return [f"{ip}:{host}:{p['target']}/{p.get('protocol', 'tcp')}"]
    s = str(p)
    proto = "tcp"
    if "/" in s:
        s, proto = s.rsplit("/", 1)
    parts = s.split(":")
    ip, host, container = [""] * (3 - len(parts)) + parts
    hosts = span(host) or [""] * len(span(container))
    return [f"{ip}:{h}:{c}/{proto}" for h, c in zip(hosts, span(container))]


def volume(v):
    """None for what the topology cannot mount (tmpfs, anonymous volumes: warned about on import)."""
    if isinstance(v, dict):
        if v.get("type", "volume") not in ("volume", "bind") or not v.get("source"):
            return None
        return f"{v.get('type', 'volume')}:{v.get('source', '')}:{v['target']}:{'ro' if v.get('read_only') else 'rw'}"
    parts = str(v).split(":")
    if len(parts) < 2:
        return None
    mode = "ro" if len(parts) > 2 and "ro" in parts[2].split(",") else "rw"
    kind = "bind" if parts[0].startswith(("/", ".")) else "volume"
    return f"{kind}:{parts[0]}:{parts[1]}:{mode}"


def healthcheck(h):
    test = h.get("test")
    if h.get("disable") in (True, "true") or test in (["NONE"], "NONE"):
        return {"disable": True}
    if isinstance(test, str):
        test = ["CMD-SHELL", test]
    return {"test": test, "interval": duration(h.get("interval", "30s")), "timeout": duration(h.get("timeout", "30s")),
            "start_period": duration(h.get("start_period", "0s")), "retries": int(h.get("retries", 3))}


def resources(s):
    d = s.get("deploy", {}) or {}
    r = d.get("resources", {}) or {}
    lim, res = dict(r.get("limits", {}) or {}), dict(r.get("reservations", {}) or {})
    if "cpus" in s:
        lim["cpus"] = s["cpus"]
    if "mem_limit" in s:
        lim["memory"] = s["mem_limit"]
    if "mem_reservation" in s:
        res["memory"] = s["mem_reservation"]
    if "cpu_shares" in s and "cpus" not in res:
        res["cpus"] = int(s["cpu_shares"]) / 1024  # infractl's CPU reservation is the engine's CpuShares
    out = {}
    for name, part in (("limits", lim), ("reservations", res)):
        p = {}
        if "cpus" in part:
            p["cpus"] = float(part["cpus"])
        if "memory" in part:
            p["memory"] = memory(part["memory"])
        if p:
            out[name] = p
    return out


def service(s):
    out = {k: v for k, v in s.items() if k in SUPPORTED and k != "deploy"}
    for k in ("command", "entrypoint"):
        if k in out:
            out[k] = words(out[k])
    out["environment"] = {k: str(v) for k, v in (s.get("environment") or {}).items() if v is not None}
    out["labels"] = {k: str(v) for k, v in (s.get("labels") or {}).items()}
    out["ports"] = sorted(x for p in s.get("ports", []) for x in ports(p))
    out["volumes"] = sorted(x for x in (volume(v) for v in s.get("volumes", [])) if x)
    out["networks"] = sorted(s.get("networks") or ["default"])
    deps = s.get("depends_on") or {}
    out["depends_on"] = {k: "service_started" for k in deps} if isinstance(deps, list) else \
        {k: (v or {}).get("condition", "service_started") for k, v in deps.items()}
    if "healthcheck" in s:
        out["healthcheck"] = healthcheck(s["healthcheck"])
    out["restart"] = str(s.get("restart", "no"))
    out["stop_grace_period"] = duration(s.get("stop_grace_period", "10s"))
    out["replicas"] = int((s.get("deploy") or {}).get("replicas", s.get("scale", 1)))
    out["resources"] = resources(s)
    return out


def top(decls, used, keep):
    """The declarations some service uses, with only the keys in `keep` (driver bridge is the default)."""
    out = {}
    for name, d in (decls or {}).items():
        d = {k: v for k, v in (d or {}).items() if k in keep and not (k == "driver" and v == "bridge")}
        if name in used and not (name == "default" and not d):
            out[name] = d
    return out


def main():
    config = yaml.safe_load(sys.stdin)
    services = {n: service(s) for n, s in (config.get("services") or {}).items() if not s.get("profiles")}
    nets = {n for s in services.values() for n in s["networks"]}
    vols = {v.split(":")[1] for s in services.values() for v in s["volumes"] if v.startswith("volume:")}
    print(json.dumps({"services": services, "networks": top(config.get("networks"), nets, ("internal", "driver")),
                      "volumes": top(config.get("volumes"), vols, ())}, indent=1, sort_keys=True))


main()
