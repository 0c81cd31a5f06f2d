"""Sends N record tasks to this project's queue.

usage: python3 -m order.send_tasks N [--delay SECONDS] [--wait TIMEOUT]

--delay makes each task sleep first (to have tasks in flight while workers
scale down); --wait waits up to TIMEOUT seconds for every result and fails
(exit 1) if some did not arrive.
"""
import argparse
import sys
import time

from .celery_app import PROJECT, app
from .tasks import record


def main(argv=None):
    parser = argparse.ArgumentParser(prog=f"python3 -m {PROJECT}.send_tasks")
    parser.add_argument("n", type=int, help="number of record tasks to send")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds each task sleeps first")
    parser.add_argument("--wait", type=float, default=0.0, help="wait this long for all results")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")

    results = [record.apply_async((i + 1, args.delay)) for i in range(args.n)]
    print(f"sent {args.n} record tasks to queue '{PROJECT}'", flush=True)
    if args.wait <= 0:
        return 0
    deadline = time.monotonic() + args.wait
    try:
        values = [r.get(timeout=max(0.1, deadline - time.monotonic())) for r in results]
    except Exception as exc:  # a timeout or a failed task: say which, then fail
        print(f"not all results arrived within {args.wait:g}s: {exc!r}", file=sys.stderr)
        return 1
    print(f"{len(values)} results, sum {sum(values)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        app.close()
