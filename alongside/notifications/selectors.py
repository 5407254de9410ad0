from __future__ import annotations

from django.db.models import QuerySet

from alongside.accounts.models import User
from alongside.notifications.models import Notification


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user: User, limit: int = 50) -> QuerySet[Notification]:
    """A person only ever sees their own notifications."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit]
