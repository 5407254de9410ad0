"""The background worker: runs queued tasks and, every few seconds, the scheduler sweep.

The sweep delivers any due outbox message even if its task was lost (a crash between
commit and enqueue, a worker killed mid-task), so the outbox table, not the task queue,
is the record of what must still be sent.
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
from django_tasks_db.management.commands.db_worker import Worker

from alongside.notifications.services import outbox_deliver_due, worker_heartbeat
from alongside.recovery.services import milestones_celebrate_due
from alongside.reminders.services import checkin_reminders_send_due

MILESTONE_SWEEP_SECONDS = 600


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
        tasks = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id[:64],
            excluded_queue_names=[],
        )
        self.stdout.write(f"Alongside worker {worker_id} started")
        last_sweep = 0.0
        last_milestones = -float(MILESTONE_SWEEP_SECONDS)
        while self.running:
            close_old_connections()
            tasks.run()
            if time.monotonic() - last_sweep >= settings.WORKER_SWEEP_SECONDS or options["once"]:
                counts = outbox_deliver_due()
                reminders_sent = checkin_reminders_send_due()
                milestones = 0
                if time.monotonic() - last_milestones >= MILESTONE_SWEEP_SECONDS or options["once"]:
                    # Milestones change once a day; checking every few minutes is plenty.
                    milestones = milestones_celebrate_due()
                    last_milestones = time.monotonic()
                worker_heartbeat(worker_id=worker_id)
                if reminders_sent or milestones:
                    self.stdout.write(f"check-in reminders sent: {reminders_sent}; milestones celebrated: {milestones}")
                last_sweep = time.monotonic()
                if any(counts.values()):
                    self.stdout.write(f"outbox: {counts}")
            if options["once"]:
                break
            time.sleep(options["interval"])
        self.stdout.write("Alongside worker stopped")
