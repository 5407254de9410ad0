"""The background worker: runs queued tasks and, every few seconds, the scheduler sweep.

Every pass of its loop, sweep or not, also evaluates the early-warning signals of the check-ins
written since the last one (``signals_evaluate_pending``), so a worrying check-in's alert reaches
the mentor within a second or two rather than at the next sweep.

The sweep delivers any due outbox message even if its task was lost (a crash between
commit and enqueue, a worker killed mid-task), so the outbox table, not the task queue,
is the record of what must still be sent.

Queued tasks run in bounded passes (``TASKS_PER_PASS`` tasks or ``TASK_PASS_SECONDS``), so a
steady stream of tasks never starves the sweep: escalation timers and the heartbeat run at
least every ``WORKER_SWEEP_SECONDS`` (plus one task's time). Each job of the sweep runs on its
own: one that raises is logged, named in the heartbeat (``/healthz/worker`` then says
"degraded: job X failing") and does not stop the others.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from alongside.accounts.services import throttle_events_purge
from alongside.alerts.escalation import escalations_advance_due
from alongside.contacts.services import contact_follow_ups_remind_due
from alongside.messaging.services import messages_release_held
from alongside.notifications.services import outbox_deliver_due, worker_heartbeat
from alongside.recovery.services import milestones_celebrate_due
from alongside.reminders.services import checkin_reminders_send_due
from alongside.signals.services import signals_evaluate_pending, signals_sweep_due
from alongside.supervision.services import wellbeing_reminders_send_due

MILESTONE_SWEEP_SECONDS = 600
# A pass of queued tasks between sweeps: at most this many, or this long (then the sweep).
TASKS_PER_PASS = 100
TASK_PASS_SECONDS = 1.0

logger = logging.getLogger(__name__)

T = TypeVar("T")


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

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if time.monotonic() >= self.deadline:
            self.max_tasks = self._run_tasks  # the pass's time is up: the sweep's turn


class Sweep:
    """One pass of the scheduler's jobs; remembers which ones raised."""

    def __init__(self) -> None:
        self.failing: list[str] = []

    def run(self, name: str, job: Callable[[], T], default: T) -> T:
        try:
            return job()
        except Exception:
            logger.exception("worker job %s failed", name)
            self.failing.append(name)
            close_old_connections()  # a broken connection is not handed to the next job
            return default


class Command(BaseCommand):
    help = "Run background tasks and the outbox sweep until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds to wait when idle.")
        parser.add_argument("--once", action="store_true", help="Run everything due once, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = f"{socket.gethostname()}-{os.getpid()}"
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        tasks = PassWorker.for_every_queue(worker_id=worker_id)
        self.stdout.write(f"Alongside worker {worker_id} started")
        last_sweep = 0.0
        last_milestones = -float(MILESTONE_SWEEP_SECONDS)
        while self.running:
            close_old_connections()
            more_ready = tasks.run_pass()
            if time.monotonic() - last_sweep >= settings.WORKER_SWEEP_SECONDS or options["once"]:
                check_milestones = time.monotonic() - last_milestones >= MILESTONE_SWEEP_SECONDS or options["once"]
                self.sweep(worker_id, milestones=check_milestones)
                if check_milestones:
                    last_milestones = time.monotonic()
                last_sweep = time.monotonic()
            else:
                # Between sweeps, the early-warning signals of new check-ins alone: a worrying one
                # reaches the mentor within seconds (one indexed query when nothing waits).
                self.evaluate_signals(Sweep())
            if options["once"]:
                break
            if not more_ready:
                time.sleep(options["interval"])
        self.stdout.write("Alongside worker stopped")

    def evaluate_signals(self, sweep: Sweep) -> None:
        """The early-warning signals of the check-ins written since the last pass (a batch at most)."""
        no_counts: dict[str, int] = {}
        counts = sweep.run("signals_evaluate_pending", signals_evaluate_pending, no_counts)
        if counts.get("alerts"):
            self.stdout.write(f"early-warning signals of new check-ins: {counts}")
        if counts.get("failed"):
            # Logged with the traceback; those participants stay pending and are tried again. On a
            # sweep it also counts against the heartbeat, so /healthz/worker says so if it lasts.
            self.stderr.write(f"early-warning signals failed for {counts['failed']} participant(s)")
            sweep.failing.append("signals_evaluate_pending")

    def sweep(self, worker_id: str, *, milestones: bool) -> Sweep:
        """Every job once, each on its own; then the heartbeat, naming the jobs that failed."""
        sweep = Sweep()
        # Messages held outside a mentor's working hours: notify once their hours start.
        held_released = sweep.run("messages_release_held", messages_release_held, 0)
        if held_released:
            self.stdout.write(f"held message notifications released: {held_released}")
        # New check-ins' signals, then escalation timers: their notifications go out in this same sweep.
        self.evaluate_signals(sweep)
        escalated = sweep.run("escalations_advance_due", escalations_advance_due, 0)
        if escalated:
            self.stdout.write(f"alerts passed to the next escalation step: {escalated}")
        no_counts: dict[str, int] = {}
        counts = sweep.run("outbox_deliver_due", outbox_deliver_due, no_counts)
        reminders_sent = sweep.run("checkin_reminders_send_due", checkin_reminders_send_due, 0)
        follow_ups = sweep.run("contact_follow_ups_remind_due", contact_follow_ups_remind_due, 0)
        # Each program's nightly early-warning sweep, a batch a pass.
        signals_swept = sweep.run("signals_sweep_due", signals_sweep_due, no_counts)
        if signals_swept.get("alerts"):
            self.stdout.write(f"early-warning signals: {signals_swept}")
        celebrated = 0
        if milestones:
            # Milestones change once a day; checking every few minutes is plenty.
            celebrated = sweep.run("milestones_celebrate_due", milestones_celebrate_due, 0)
            # Mentors' wellbeing check-ins come round every week or two: as rarely checked.
            sweep.run("wellbeing_reminders_send_due", wellbeing_reminders_send_due, 0)
            # Throttle counts older than every window they count in.
            sweep.run("throttle_events_purge", throttle_events_purge, 0)
        try:
            worker_heartbeat(worker_id=worker_id, failing_jobs=sweep.failing)
        except Exception:
            logger.exception("the worker's heartbeat could not be written")
        if sweep.failing:
            self.stderr.write(f"jobs failing: {', '.join(sweep.failing)}")
        if reminders_sent or celebrated or follow_ups:
            self.stdout.write(
                f"check-in reminders sent: {reminders_sent}; milestones celebrated: {celebrated}; "
                f"contact follow-up reminders sent: {follow_ups}"
            )
        if any(counts.values()):
            self.stdout.write(f"outbox: {counts}")
        return sweep
