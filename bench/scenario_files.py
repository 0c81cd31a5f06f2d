"""The three contenders' inputs for one size N: an infractl topology and
profile, an equivalent compose file, and the raw floor's curl configs.

Every contender runs the same shape: N containers in total, N-1 services
s1..s{N-1} with one replica and a service w with one replica (scaled to N and
back), all on the engine's default bridge network, restart unless-stopped,
environment
BENCH_V=${BENCH_V:-1} (the recreate scenario sets BENCH_V=2 for s1).
No network of their own: under load, dockerd 20.10 left user networks with a
phantom endpoint ("has active endpoints" with no container attached) that
cannot be removed without restarting the engine, which broke every later run.
"""
import json
import os

IMAGE = "infractl-test/busybox:1"
INFRACTL_STACK = "benchi2"     # also the project name: containers benchi2-s1-1 ... ("benchi" left a network dockerd cannot remove)
COMPOSE_PROJECT = "benchc"     # containers benchc_s1_1 ...
FLOOR_STACK = "benchf"         # containers benchf-s1-1 ..., labelled io.infractl.stack=benchf
SOCKET = "/var/run/docker.sock"
API = "http://localhost/v1.41"


def service_names(n):
    return [f"s{i}" for i in range(1, n)] + ["w"]


def write_infractl(dirpath, n):
    lines = ["version: 1", f"stack: {INFRACTL_STACK}", "projects:",
             f"  {INFRACTL_STACK}:", "    services:"]
    for s in service_names(n):
        lines += [f"      {s}:", f"        image: {IMAGE}",
                  "        environment: {BENCH_V: \"${BENCH_V:-1}\"}" if s == "s1" else
                  "        environment: {BENCH_V: \"1\"}"]
    topo = os.path.join(dirpath, "infractl.yaml")
    with open(topo, "w") as f:
        f.write("\n".join(lines) + "\n")
    prof = os.path.join(dirpath, "bench.yaml")
    with open(prof, "w") as f:
        f.write("version: 1\nprofile: bench\n")
    return topo, prof


def write_compose(dirpath, n):
    lines = ['version: "2.4"', "services:"]
    for s in service_names(n):
        env = '"${BENCH_V:-1}"' if s == "s1" else '"1"'
        lines += [f"  {s}:", f"    image: {IMAGE}", f"    environment: {{BENCH_V: {env}}}",
                  "    restart: unless-stopped", "    network_mode: bridge"]
    path = os.path.join(dirpath, "docker-compose.yml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


# --- raw floor: curl config files, one per parallel stream -------------------



def floor_name(service, replica=1):
    return f"{FLOOR_STACK}-{service}-{replica}"


def _q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _req(method, path, body=None):
    out = [f"unix-socket = {_q(SOCKET)}", "silent", "show-error", "fail",
           f"request = {_q(method)}", f"url = {_q(API + path)}", 'output = "/dev/null"']
    if body is not None:
        out += ['header = "Content-Type: application/json"', f"data-binary = {_q(json.dumps(body))}"]
    return out


def create_body(service, replica, bench_v="1"):
    return {
        "Image": IMAGE,
        "Env": [f"BENCH_V={bench_v}"],
        "Labels": {"io.infractl.stack": FLOOR_STACK, "io.infractl.service": service,
                   "io.infractl.replica": str(replica)},
        "HostConfig": {"RestartPolicy": {"Name": "unless-stopped"}},
    }


def create_start(service, replica, bench_v="1"):
    name = floor_name(service, replica)
    return [_req("POST", f"/containers/create?name={name}", create_body(service, replica, bench_v)),
            _req("POST", f"/containers/{name}/start")]


def stop_remove(name):
    return [_req("POST", f"/containers/{name}/stop?t=10"), _req("DELETE", f"/containers/{name}")]


def inspect(name):
    return [_req("GET", f"/containers/{name}/json")]


def write_streams(dirpath, tag, jobs, parallel):
    """Spreads `jobs` (each a list of requests that must run in order) round
    robin over `parallel` config files; returns their paths. One curl process
    per file runs its requests in order over one kept-alive connection."""
    streams = [[] for _ in range(max(1, min(parallel, len(jobs))))]
    for i, job in enumerate(jobs):
        streams[i % len(streams)].extend(job)
    paths = []
    for i, reqs in enumerate(streams):
        path = os.path.join(dirpath, f"{tag}-{i:03d}.cfg")
        with open(path, "w") as f:
            f.write("\nnext\n".join("\n".join(r) for r in reqs) + "\n")
        paths.append(path)
    return paths


def write_single(dirpath, tag, reqs):
    path = os.path.join(dirpath, f"{tag}.cfg")
    with open(path, "w") as f:
        f.write("\nnext\n".join("\n".join(r) for r in reqs) + "\n")
    return path


def write_floor(dirpath, n, parallel):
    """Writes every floor scenario's configs; returns scenario -> shell command."""
    d = os.path.join(dirpath, "floor")
    os.makedirs(d, exist_ok=True)
    base = [(s, 1) for s in service_names(n)]
    extra = [("w", r) for r in range(2, n + 1)]
    label = "%7B%22label%22%3A%5B%22io.infractl.stack%3D" + FLOOR_STACK + "%22%5D%7D"
    listing = write_single(d, "list", [_req("GET", "/containers/json?all=1&filters=" + label)])

    def fan(tag, jobs):
        files = write_streams(d, tag, jobs, parallel)
        return f"printf '%s\\n' {' '.join(files)} | xargs -P {parallel} -n 1 curl -K"

    up = fan("up", [create_start(s, r) for s, r in base])
    observe = fan("observe", [inspect(floor_name(s, r)) for s, r in base])
    scale_up = fan("scale-up", [create_start(s, r) for s, r in extra])
    scale_down = fan("scale-down", [stop_remove(floor_name(s, r)) for s, r in extra])
    recreate = write_single(d, "recreate", stop_remove(floor_name("s1")) + create_start("s1", 1, "2"))
    down = fan("down", [stop_remove(floor_name(s, r)) for s, r in base])
    return {
        "up_cold": up,
        # Observing means listing and inspecting: drift is checked against inspect.
        "up_noop": f"curl -K {listing} && {observe}",
        "plan": f"curl -K {listing} && {observe}",
        "scale_up": scale_up,
        "scale_down": scale_down,
        "recreate": f"curl -K {recreate}",
        "down": f"curl -K {listing} && {down}",
    }
