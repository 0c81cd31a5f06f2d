"""A tiny Docker Engine API client over the Unix socket, for the benchmark's
own checks and clean-up (never timed). Standard library only."""
import http.client
import json
import socket
import urllib.parse

SOCKET = "/var/run/docker.sock"
API = "/v1.41"


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=120):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self._path)
        self.sock = s


def call(method, target, body=None, socket_path=SOCKET):
    conn = _UnixConnection(socket_path)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        data = json.dumps(body) if body is not None else None
        conn.request(method, API + target, body=data, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        parsed = None
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw.decode(errors="replace")
        return resp.status, parsed
    finally:
        conn.close()


def label_filter(label):
    return urllib.parse.quote(json.dumps({"label": [label]}))


def containers(label):
    status, body = call("GET", "/containers/json?all=1&filters=" + label_filter(label))
    if status != 200:
        raise RuntimeError(f"list containers {label}: {status} {body}")
    return body


def networks(label):
    status, body = call("GET", "/networks?filters=" + label_filter(label))
    if status != 200:
        raise RuntimeError(f"list networks {label}: {status} {body}")
    return body


def inspect(name):
    status, body = call("GET", f"/containers/{name}/json")
    return body if status == 200 else None


def remove_labelled(label):
    """Force-removes every container and network carrying `label`."""
    for c in containers(label):
        call("DELETE", f"/containers/{c['Id']}?force=1&v=1")
    for n in networks(label):
        call("DELETE", f"/networks/{n['Id']}")


def engine_version():
    status, body = call("GET", "/version")
    return body if status == 200 else {}
