"""Template helpers for the crisis button, the stopped-worker banner and the crisis mark."""

from __future__ import annotations

import datetime as dt
import uuid

from django import template
from django.utils import formats, timezone

from alongside.alerts.escalation import SchedulerHealth, scheduler_health
from alongside.alerts.models import OPEN_STATUSES, Alert, AlertSeverity, AlertStatus
from alongside.alerts.selectors import crisis_mark_text

register = template.Library()


@register.simple_tag
def new_client_id() -> str:
    """A fresh key for a one-tap form, so a double tap (or a retried request) counts once."""
    return str(uuid.uuid4())


@register.simple_tag
def current_scheduler_health() -> SchedulerHealth:
    return scheduler_health()


def clock(moment: dt.datetime, today: dt.date | None = None) -> str:
    """A moment in the time zone active for the request (the viewer's): "14:05", or
    "December 3, 14:05" when it was not on ``today`` (the viewer's today unless given)."""
    local = timezone.localtime(moment)
    if local.date() == (today or timezone.localdate()):
        return local.strftime("%H:%M")
    return f"{formats.date_format(local.date(), 'MONTH_DAY_FORMAT')}, {local.strftime('%H:%M')}"


@register.filter
def crisis_mark(alert: Alert) -> str:
    """The words that mark a crisis alert not yet resolved: "Crisis — open since 14:05, not yet
    acknowledged" (or "…, acknowledged"); empty for any other alert."""
    if alert.severity != AlertSeverity.CRISIS or alert.status not in OPEN_STATUSES:
        return ""
    return crisis_mark_text(since=clock(alert.raised_at), acknowledged=alert.status != AlertStatus.OPEN)
