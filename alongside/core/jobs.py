"""Periodic jobs: each app declares its own, the worker runs whatever is declared.

An app that needs something done on a clock writes ``alongside/<app>/jobs.py``::

    from alongside.core.jobs import periodic
    from alongside.reminders.services import checkin_reminders_send_due

    periodic(name="checkin_reminders_send_due", run=checkin_reminders_send_due, order=50,
             report=lambda sent: f"check-in reminders sent: {sent}" if sent else None)

``manage.py worker`` imports every installed app's ``jobs`` module (Django's
``autodiscover_modules``, as the admin finds ``admin.py``) and runs the declared jobs in ``order``
(then by name), each on its own: one that raises is logged, named in the heartbeat and does not
stop the others. ``every`` is the cadence:

- ``EVERY_SWEEP`` (the default): at each sweep, every ``WORKER_SWEEP_SECONDS``;
- ``EVERY_PASS``: on every pass of the worker's loop, between sweeps too (a few times a second
  when busy, every ``--interval`` when idle), for work that must not wait for the sweep;
- a number of seconds: at a sweep once that long has passed since the job last ran.

``report`` turns a job's result into a line for the worker's output (or ``None`` for nothing to
say); ``trouble`` turns it into a line for its error output when the job ran but part of it failed
(say, some participants could not be evaluated): the job is then named in the heartbeat as failing.

The sweep ends by sending ``sweep_finished`` (``worker_id``, ``failing_jobs``): the heartbeat is a
receiver (notifications), so this module depends on no app.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections
from django.dispatch import Signal
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

EVERY_SWEEP: float | None = None
EVERY_PASS = 0.0

# A pass of queued tasks between sweeps: at most this many, or this long (then the sweep).
TASKS_PER_PASS = 100
TASK_PASS_SECONDS = 1.0

# Sent at the end of each sweep, with ``worker_id`` and ``failing_jobs`` (names). Receivers that
# raise are logged and do not stop the worker.
sweep_finished = Signal()


@dataclass(frozen=True)
class PeriodicJob:
    """One declared job: what to run, how often, where in the sweep, and what to say about it."""

    name: str
    run: Callable[[], Any]
    every: float | None = EVERY_SWEEP
    order: int = 50
    report: Callable[[Any], str | None] | None = None
    trouble: Callable[[Any], str | None] | None = None

    @property
    def every_pass(self) -> bool:
        return self.every == EVERY_PASS

    def due(self, *, now: float, last_run: float | None) -> bool:
        """At a sweep: is this job's turn? (Every-sweep and every-pass jobs always are.)"""
        if self.every is None or self.every <= 0 or last_run is None:
            return True
        return now - last_run >= self.every


class JobRegistry:
    """The declared periodic jobs, by name. Apps fill it when their ``jobs`` module is imported."""

    def __init__(self) -> None:
        self.jobs: dict[str, PeriodicJob] = {}
        self._discovered = False

    def declare(self, job: PeriodicJob) -> PeriodicJob:
        existing = self.jobs.get(job.name)
        if existing is not None and existing.run is not job.run:
            raise ImproperlyConfigured(f"two periodic jobs are named {job.name!r}")
        self.jobs[job.name] = job
        return job

    def discover(self) -> None:
        """Import every installed app's ``jobs`` module (once)."""
        if not self._discovered:
            autodiscover_modules("jobs")
            self._discovered = True

    def all(self) -> list[PeriodicJob]:
        """Every declared job, in the order a sweep runs them."""
        self.discover()
        return sorted(self.jobs.values(), key=lambda job: (job.order, job.name))

    def get(self, name: str) -> PeriodicJob:
        self.discover()
        return self.jobs[name]


registry = JobRegistry()


def periodic(
    *,
    name: str,
    run: Callable[[], Any],
    every: float | None = EVERY_SWEEP,
    order: int = 50,
    report: Callable[[Any], str | None] | None = None,
    trouble: Callable[[Any], str | None] | None = None,
) -> PeriodicJob:
    """Declare a periodic job (in an app's ``jobs.py``); see the module's docstring."""
    return registry.declare(PeriodicJob(name=name, run=run, every=every, order=order, report=report, trouble=trouble))


class Sweep:
    """One pass of the scheduler's jobs; remembers which ones failed."""

    def __init__(self, *, out: Callable[[str], Any] | None = None, err: Callable[[str], Any] | None = None) -> None:
        self.failing: list[str] = []
        self.results: dict[str, Any] = {}
        self.out = out
        self.err = err

    def run(self, job: PeriodicJob) -> Any:
        """Run one job on its own: an exception is logged and the job named as failing (the
        result is then ``None``); its report and trouble lines are written."""
        try:
            result = job.run()
        except Exception:
            logger.exception("worker job %s failed", job.name)
            self.failing.append(job.name)
            close_old_connections()  # a broken connection is not handed to the next job
            return None
        self.results[job.name] = result
        if job.trouble is not None and (problem := job.trouble(result)):
            # Logged by the job itself; counted against the heartbeat, so /healthz/worker says so if it lasts.
            self.failing.append(job.name)
            if self.err is not None:
                self.err(problem)
        if job.report is not None and (line := job.report(result)) and self.out is not None:
            self.out(line)
        return result

    def finish(self, *, worker_id: str) -> None:
        """Tell the heartbeat (``sweep_finished``) which jobs failed this sweep."""
        for receiver, outcome in sweep_finished.send_robust(
            sender=Sweep, worker_id=worker_id, failing_jobs=list(self.failing)
        ):
            if isinstance(outcome, Exception):
                logger.error("the worker's heartbeat could not be written (%s)", receiver, exc_info=outcome)


class JobClock:
    """When each job last ran (worker's monotonic time), so a job declared ``every=600`` runs at the
    first sweep and then at most every ten minutes."""

    def __init__(self) -> None:
        self.last_run: dict[str, float] = {}

    def due(self, *, now: float, everything: bool = False) -> list[PeriodicJob]:
        """The jobs of a sweep at ``now`` (``everything``: each job, whatever its cadence)."""
        jobs = [job for job in registry.all() if everything or job.due(now=now, last_run=self.last_run.get(job.name))]
        for job in jobs:
            self.last_run[job.name] = now
        return jobs


class PassWorker(Worker):
    """django-tasks' database worker, run one bounded pass at a time (``run_pass``).

    ``batch`` mode ends a pass when no task is ready; ``max_tasks`` (reset each pass) ends it
    after that many tasks, and after each task a pass whose time is up stops there.
    """

    deadline = 0.0

    @classmethod
    def for_every_queue(cls, *, worker_id: str) -> PassWorker:
        """A worker for every queue of the default backend, in batch passes."""
        return cls(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id[:64],
            excluded_queue_names=[],
        )

    def run_pass(self, *, max_tasks: int = TASKS_PER_PASS, seconds: float = TASK_PASS_SECONDS) -> bool:
        """Run ready tasks until none is left, ``max_tasks`` ran or ``seconds`` passed.
        True when the pass was cut short (more tasks may be ready)."""
        self._run_tasks = 0
        self.max_tasks = max_tasks
        self.deadline = time.monotonic() + seconds
        self.run()
        return self.max_tasks is not None and self._run_tasks >= self.max_tasks

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        super().run_task(db_task_result)
        if time.monotonic() >= self.deadline:
            self.max_tasks = self._run_tasks  # the pass's time is up: the sweep's turn
