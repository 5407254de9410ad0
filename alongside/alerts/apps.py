import datetime as dt
from typing import Any

from django.apps import AppConfig


def _delivery_exhausted(sender: object, *, notification_id: int, now: dt.datetime, **kwargs: Any) -> None:
    """Every channel failed for an urgent notification: the alert's escalation moves on at once."""
    from alongside.alerts.escalation import on_delivery_exhausted

    on_delivery_exhausted(notification_id=notification_id, now=now)


class AlertsConfig(AppConfig):
    name = "alongside.alerts"
    label = "alerts"

    def ready(self) -> None:
        from alongside.notifications.hooks import delivery_exhausted

        delivery_exhausted.connect(_delivery_exhausted, dispatch_uid="alerts.escalation.on_delivery_exhausted")
