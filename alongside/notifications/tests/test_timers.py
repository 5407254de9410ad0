"""Reminders and timers run on the one delivery mechanism: a due job decides *that* someone is
told (driven by its ``now``), ``notify`` writes the outbox, and ``outbox_deliver_due`` (driven by
the same clock) decides *when and how* it leaves: quiet hours, retries, fallback, exactly once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from alongside.conftest import Mailbox, Personas
from alongside.notifications.models import OutboxMessage, OutboxStatus
from alongside.notifications.services import outbox_deliver_due
from alongside.reminders.models import CheckinReminder
from alongside.reminders.services import checkin_reminders_send_due

LONDON = ZoneInfo("Europe/London")


def test_a_check_in_reminder_email_waits_for_the_end_of_quiet_hours(personas: Personas, smtp_server: Mailbox) -> None:
    user = personas.participant.user
    user.time_zone = "Europe/London"
    user.quiet_hours_start, user.quiet_hours_end = dt.time(21), dt.time(8)
    user.save()
    CheckinReminder.objects.create(
        organization=personas.org, participant=personas.participant, local_time=dt.time(21, 30), email=True
    )
    evening = dt.datetime(2026, 5, 4, 21, 45, tzinfo=LONDON)
    assert checkin_reminders_send_due(now=evening) == 1
    # The job's notify() reads the wall clock; on this test's clock it was queued this evening.
    OutboxMessage.objects.update(next_attempt_at=evening)
    assert outbox_deliver_due(now=evening)["sent"] == 0
    message = OutboxMessage.objects.get()
    assert (message.status, message.next_attempt_at) == (
        OutboxStatus.PENDING,
        dt.datetime(2026, 5, 5, 8, 0, tzinfo=LONDON),
    )
    assert checkin_reminders_send_due(now=evening + dt.timedelta(hours=1)) == 0  # once a day
    assert outbox_deliver_due(now=dt.datetime(2026, 5, 5, 8, 0, tzinfo=LONDON))["sent"] == 1
    assert outbox_deliver_due(now=dt.datetime(2026, 5, 5, 9, 0, tzinfo=LONDON))["sent"] == 0
    assert len(smtp_server.to(user.email)) == 1
