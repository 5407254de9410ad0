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

from alongside.alerts.escalation import escalations_advance_due
from alongside.contacts.services import contact_follow_ups_remind_due
from alongside.messaging.services import messages_release_held
from alongside.notifications.services import outbox_deliver_due, worker_heartbeat
from alongside.recovery.services import milestones_celebrate_due
from alongside.reminders.services import checkin_reminders_send_due
from alongside.signals.services import signals_sweep_due
from alongside.supervision.services import wellbeing_reminders_send_due

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
                # Messages held outside a mentor's working hours: notify once their hours start.
                held_released = messages_release_held()
                if held_released:
                    self.stdout.write(f"held message notifications released: {held_released}")
                # Escalation timers first, so a step's notifications go out in this same sweep.
                escalated = escalations_advance_due()
                if escalated:
                    self.stdout.write(f"alerts passed to the next escalation step: {escalated}")
                counts = outbox_deliver_due()
                reminders_sent = checkin_reminders_send_due()
                follow_ups = contact_follow_ups_remind_due()
                signals_swept = signals_sweep_due()  # each program's nightly early-warning sweep, a batch a pass
                if signals_swept["alerts"]:
                    self.stdout.write(f"early-warning signals: {signals_swept}")
                milestones = 0
                if time.monotonic() - last_milestones >= MILESTONE_SWEEP_SECONDS or options["once"]:
                    # Milestones change once a day; checking every few minutes is plenty.
                    milestones = milestones_celebrate_due()
                    # Mentors' wellbeing check-ins come round every week or two: as rarely checked.
                    wellbeing_reminders_send_due()
                    last_milestones = time.monotonic()
                worker_heartbeat(worker_id=worker_id)
                if reminders_sent or milestones or follow_ups:
                    self.stdout.write(
                        f"check-in reminders sent: {reminders_sent}; milestones celebrated: {milestones}; "
                        f"contact follow-up reminders sent: {follow_ups}"
                    )
                last_sweep = time.monotonic()
                if any(counts.values()):
                    self.stdout.write(f"outbox: {counts}")
            if options["once"]:
                break
            time.sleep(options["interval"])
        self.stdout.write("Alongside worker stopped")
