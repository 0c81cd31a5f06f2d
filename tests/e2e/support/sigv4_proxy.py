#!/usr/bin/env python3
"""A SigV4-checking proxy for the backup e2e test (tests/e2e/backup_restore_test.cpp).

The local S3 stand-in (s3rver) does not verify signatures. This proxy sits in
front of it, recomputes every request's AWS Signature Version 4 from the
request as it arrived (an independent computation with hashlib/hmac, the
algorithm of the AWS documentation), checks that x-amz-content-sha256 is the
body's hash, forwards the request and relays the answer. One line per request
goes to the log: "OK METHOD PATH" or "BAD METHOD PATH: why". It stops by
itself after --seconds.

usage: sigv4_proxy.py --port P --upstream 127.0.0.1:Q --secret S --log FILE --seconds N
"""
import argparse
import hashlib
import hmac
import http.client
import http.server
import re
import threading
import urllib.parse


def canonical_query(query):
    pairs = []
    for part in query.split("&") if query else []:
        k, _, v = part.partition("=")
        # Re-encode from the decoded form, as S3 canonicalises.
        enc = lambda s: urllib.parse.quote(urllib.parse.unquote(s), safe="-_.~")
        pairs.append((enc(k), enc(v)))
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def check(method, target, headers, body, secret):
    auth = headers.get("authorization", "")
    m = re.match(r"AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=(\w+)$", auth)
    if not m:
        return f"no SigV4 Authorization header ({auth[:40]!r})"
    cred, signed, signature = m.group(1), m.group(2).split(";"), m.group(3)
    _, date, region, service, _ = cred.split("/")
    payload = headers.get("x-amz-content-sha256")
    if payload is None:
        return "no x-amz-content-sha256 header"
    if payload != hashlib.sha256(body).hexdigest():
        return "x-amz-content-sha256 is not the body's hash"
    for h in ("host", "x-amz-date", "x-amz-content-sha256"):
        if h not in signed:
            return f"{h} is not signed"
    path, _, query = target.partition("?")
    creq = "\n".join([method, path, canonical_query(query)] +
                     [f"{h}:{' '.join(headers.get(h, '').split())}" for h in signed] +
                     ["", ";".join(signed), payload])
    scope = f"{date}/{region}/{service}/aws4_request"
    sts = "\n".join(["AWS4-HMAC-SHA256", headers["x-amz-date"], scope, hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    mine = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    return None if hmac.compare_digest(mine, signature) else "signature does not match"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--secret", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--seconds", type=float, default=300)
    args = ap.parse_args()
    lock = threading.Lock()
    up_host, up_port = args.upstream.rsplit(":", 1)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def relay(self):
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            why = check(self.command, self.path, headers, body, args.secret)
            with lock, open(args.log, "a") as log:
                log.write(f"{'BAD' if why else 'OK'} {self.command} {self.path}{': ' + why if why else ''}\n")
            conn = http.client.HTTPConnection(up_host, int(up_port), timeout=60)
            conn.request(self.command, self.path, body=body, headers=dict(self.headers.items()))
            resp = conn.getresponse()
            data = resp.read()
            self.send_response(resp.status)
            for k, v in resp.getheaders():
                if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = relay

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    threading.Timer(args.seconds, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
