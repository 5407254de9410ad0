"""The background worker: runs queued tasks and the periodic jobs every app declares.

Each app declares its periodic jobs in its own ``jobs.py`` (``alongside.core.jobs.periodic``); the
worker runs whatever is declared, knowing none of them by name. Every few seconds
(``WORKER_SWEEP_SECONDS``) it sweeps: each due job once, in its declared order, then the heartbeat.
Every pass of its loop, sweep or not, also runs the jobs declared ``EVERY_PASS`` (the early-warning
signals of the check-ins written since the last pass), so a worrying check-in's alert reaches the
mentor within a second or two rather than at the next sweep.

The sweep delivers any due outbox message even if its task was lost (a crash between
commit and enqueue, a worker killed mid-task), so the outbox table, not the task queue,
is the record of what must still be sent.

Queued tasks run in bounded passes (``TASKS_PER_PASS`` tasks or ``TASK_PASS_SECONDS``), so a
steady stream of tasks never starves the sweep: escalation timers and the heartbeat run at
least every ``WORKER_SWEEP_SECONDS`` (plus one task's time). Each job runs on its own: one that
raises is logged, named in the heartbeat (``/healthz/worker`` then says "degraded: job X failing")
and does not stop the others.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from alongside.core.jobs import JobClock, PassWorker, Sweep, registry


class Command(BaseCommand):
    help = "Run background tasks and every app's periodic jobs until stopped."

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
        clock = JobClock()
        names = ", ".join(job.name for job in registry.all())
        self.stdout.write(f"Alongside worker {worker_id} started (jobs: {names})")
        last_sweep = -float("inf")
        while self.running:
            close_old_connections()
            more_ready = tasks.run_pass()
            if time.monotonic() - last_sweep >= settings.WORKER_SWEEP_SECONDS or options["once"]:
                self.sweep(worker_id, clock=clock, everything=options["once"])
                last_sweep = time.monotonic()
            else:
                # Between sweeps, the every-pass jobs alone: a worrying check-in reaches the mentor
                # within seconds (one indexed query when nothing waits).
                self.run_every_pass(self.new_sweep())
            if options["once"]:
                break
            if not more_ready:
                time.sleep(options["interval"])
        self.stdout.write("Alongside worker stopped")

    def new_sweep(self) -> Sweep:
        return Sweep(out=self.stdout.write, err=self.stderr.write)

    def run_every_pass(self, sweep: Sweep) -> Sweep:
        """The jobs declared to run on every pass of the loop, each on its own."""
        for job in registry.all():
            if job.every_pass:
                sweep.run(job)
        return sweep

    def sweep(self, worker_id: str, *, clock: JobClock, everything: bool = False) -> Sweep:
        """Every due job once, each on its own; then the heartbeat, naming the jobs that failed."""
        sweep = self.new_sweep()
        for job in clock.due(now=time.monotonic(), everything=everything):
            sweep.run(job)
        sweep.finish(worker_id=worker_id)
        if sweep.failing:
            self.stderr.write(f"jobs failing: {', '.join(sweep.failing)}")
        return sweep
