"""Tasks: record(n) and tick() write to PostgreSQL, add(x, y) does not."""
import time

import psycopg2

from . import db
from .celery_app import app

# The database may come up after the worker: retry instead of failing the task.
_db_retry = {
    "autoretry_for": (psycopg2.OperationalError,),
    "retry_backoff": 1,
    "retry_backoff_max": 10,
    "max_retries": 10,
}


@app.task(bind=True, **_db_retry)
def record(self, n, delay=0.0):
    """Inserts n into table records and returns n; `delay` seconds of work first
    (lets a test stop a worker while a task is running)."""
    if delay:
        time.sleep(float(delay))
    db.insert("records", {"n": int(n), "task_id": self.request.id, "worker": self.request.hostname})
    return n


@app.task
def add(x, y):
    return x + y


@app.task(bind=True, **_db_retry)
def tick(self):
    """Sent by beat every 10 s: one row in table ticks per beat period."""
    db.insert("ticks", {"task_id": self.request.id, "worker": self.request.hostname})
    return "tick"
