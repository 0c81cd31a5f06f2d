"""The Celery app: broker and result backend from the environment.

Run a worker:  celery -A order.celery_app worker --loglevel=info -Q order
Run beat:      celery -A order.celery_app beat --loglevel=info -s /tmp/celerybeat-schedule
"""
import os

from celery import Celery

PROJECT = __name__.split(".")[0]
BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://redis:6379/0")

app = Celery(
    PROJECT,
    broker=BROKER_URL,
    backend=os.environ.get("CELERY_RESULT_BACKEND", BROKER_URL),
    include=[f"{PROJECT}.tasks"],
)

app.conf.update(
    # Every project shares the global redis: its own queue keeps one project's
    # workers off the other's tasks.
    task_default_queue=PROJECT,
    # Scale-down must lose no task: a task is acknowledged only once it has run,
    # a worker holds at most the one it is running, and a worker that dies
    # mid-task gives it back instead of dropping it. SIGTERM is Celery's warm
    # shutdown: the running task finishes, the rest stay in the queue.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    result_expires=3600,
    timezone="UTC",
    beat_schedule={
        "tick-every-10s": {"task": f"{PROJECT}.tasks.tick", "schedule": 10.0},
    },
)
