"""Is the background worker alive? For cron or a systemd timer, every minute or so.

Exits 0 while the worker beats. When it has been silent for two minutes it emails every
organization's admins directly over SMTP (once per outage, again every few hours) and exits 1,
so the timer's own failure handling (OnFailure=, MAILTO) sees it too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.alerts.escalation import SCHEDULER_ALARM_REPEAT, scheduler_alarm_send


class Command(BaseCommand):
    help = "Check the background worker's heartbeat; email the admins and exit 1 when it has stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--repeat-hours",
            type=float,
            default=SCHEDULER_ALARM_REPEAT.total_seconds() / 3600,
            help="Email again about the same outage after this many hours.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import datetime as dt

        try:
            health, sent = scheduler_alarm_send(repeat_after=dt.timedelta(hours=options["repeat_hours"]))
        except OSError as exc:  # smtplib errors are OSErrors too
            raise CommandError(f"the worker may have stopped, and the alarm email failed: {exc}", returncode=2) from exc
        if not health.stale:
            self.stdout.write(f"scheduler ok (last heartbeat {health.last_heartbeat:%Y-%m-%d %H:%M:%S %Z})")
            return
        last = f"{health.last_heartbeat:%Y-%m-%d %H:%M:%S %Z}" if health.last_heartbeat else "never"
        raise CommandError(f"scheduler stopped: last heartbeat {last}; alarm emails sent: {sent}", returncode=1)
