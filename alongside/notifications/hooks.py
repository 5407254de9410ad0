"""What the notifications tell other apps, as Django signals they subscribe to (no app imports back).

``delivery_exhausted`` (``notification_id``, ``now``): every channel (text, email) of an urgent
notification failed for good. Alerts subscribes (``AlertsConfig.ready``) and moves the alert's
escalation on to the next person at once.

Receivers run inside the transaction that records the last failure, so what they write commits
with it or not at all: a worker that dies in between leaves the message leased, and the next
worker to take it over fails it again and sends the hook again (receivers must be idempotent).
Each receiver runs in its own savepoint: one that raises is logged and rolled back alone, and
never blocks the outbox.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

delivery_exhausted = Signal()


def delivery_exhausted_send(*, notification_id: int, now: dt.datetime) -> None:
    """Tell every receiver of ``delivery_exhausted``, each in its own savepoint."""
    # Signal.send_robust would catch a receiver's exception but leave its half-done writes in the
    # transaction (and on PostgreSQL a failed statement poisons it), so each gets a savepoint.
    # ``_live_receivers`` is Django's own list of connected receivers: (synchronous, asynchronous).
    for receiver in delivery_exhausted._live_receivers(None)[0]:
        try:
            with transaction.atomic():
                receiver(signal=delivery_exhausted, sender=None, notification_id=notification_id, now=now)
        except Exception:
            logger.exception("%s after failed delivery of notification %s failed", receiver, notification_id)
