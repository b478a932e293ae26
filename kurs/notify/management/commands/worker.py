"""`kurs worker`: runs the background work (reminders, weekly updates, imports, exports).

Every round it enqueues the periodic jobs that are due (kurs/notify/scheduler.py), runs
every queued task through django-tasks-db's worker in batch mode, then sleeps. The queue
lives in the database, so no other server is needed; several workers may run at once
(tasks are claimed under a lock, periodic jobs are enqueued once per period).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from kurs.notify.scheduler import enqueue_due

logger = logging.getLogger("kurs.worker")

# Short: imports and exports people start in the browser run here, and should not wait
# long; an idle round is one or two cheap reads.
DEFAULT_INTERVAL = 5.0


class TaskWorker(Worker):
    """django-tasks-db's worker, logging one line per task run (with how long it took)."""

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        started = time.monotonic()
        super().run_task(db_task_result)  # records SUCCESSFUL or FAILED, never raises
        db_task_result.refresh_from_db(fields=["status"])
        log = logger.error if db_task_result.status == TaskResultStatus.FAILED else logger.info
        log(
            "task %s %s in %.2f s (id %s)",
            db_task_result.task_path,
            db_task_result.status,
            time.monotonic() - started,
            db_task_result.id,
        )


def now() -> dt.datetime:
    """The time the scheduler sees (a function, so that tests can choose it)."""
    return timezone.now()


def _interval(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not 0 < seconds <= 3600:
        raise CommandError("--interval must be a number of seconds between 0 and 3600.")
    return seconds


class Command(BaseCommand):
    """Loop: enqueue what is due, run all queued tasks, sleep; stop on SIGTERM or Ctrl+C."""

    help = "Run background work: check-in reminders, weekly updates, large imports and exports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run one round (schedule, run tasks) and exit."
        )
        parser.add_argument(
            "--interval",
            type=_interval,
            default=DEFAULT_INTERVAL,
            help=f"Seconds to sleep between rounds (default {DEFAULT_INTERVAL:g}).",
        )
        # `kurs demo` passes its own PID: the worker stops when the demo is gone.
        parser.add_argument("--parent", type=int, default=None, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        # One line per task comes from TaskWorker; the library's own start/finish lines
        # (and "no more tasks" every round) would only repeat it. Failures still show.
        logging.getLogger("django_tasks").setLevel(logging.WARNING)
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        self.stopping = False
        self.parent: int | None = options["parent"]
        self.worker = TaskWorker(
            queue_names=["*"],
            # Only used in batch mode while SQLite is locked: wait that long, then retry.
            interval=1.0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=f"kurs-{os.getpid()}-{get_random_string(8)}",
            excluded_queue_names=[],
        )
        if options["once"]:
            self.run_round()
            return
        previous = {sig: signal.signal(sig, self.stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        logger.info("worker %s started (every %g s)", self.worker.worker_id, options["interval"])
        try:
            while not self.stopping:
                self.run_round()
                self.sleep(options["interval"])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            logger.info("worker %s stopped", self.worker.worker_id)

    def stop(self, signum: int, frame: FrameType | None) -> None:
        # The task that is running finishes; no new one starts.
        self.stopping = True
        self.worker.running = False

    def parent_gone(self) -> bool:
        return self.parent is not None and os.getppid() != self.parent

    def sleep(self, seconds: float) -> None:
        # Short naps, so that a stop request or a vanished parent ends the wait quickly.
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            if self.parent_gone():
                self.stopping = True
                return
            time.sleep(min(0.5, deadline - time.monotonic()))

    def run_round(self) -> None:
        """Enqueue the jobs that are due, then run every queued task."""
        close_old_connections()
        try:
            for job in enqueue_due(now()):
                logger.info("scheduled %s", job)
        except Exception:
            # A database hiccup must not end the worker: the next round tries again.
            logger.exception("scheduling failed")
        if self.stopping:
            return
        self.worker.running = not self.stopping
        try:
            self.worker.run()
        except Exception:
            # Claiming a task can fail too (a dropped connection, a restarted PostgreSQL);
            # a task's own errors are recorded on the task. The next round tries again.
            logger.exception("running queued tasks failed")
