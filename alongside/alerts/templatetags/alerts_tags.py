"""Template helpers for the crisis button and the stopped-worker banner."""

from __future__ import annotations

import uuid

from django import template

from alongside.alerts.escalation import SchedulerHealth, scheduler_health

register = template.Library()


@register.simple_tag
def new_client_id() -> str:
    """A fresh key for a one-tap form, so a double tap (or a retried request) counts once."""
    return str(uuid.uuid4())


@register.simple_tag
def current_scheduler_health() -> SchedulerHealth:
    return scheduler_health()
