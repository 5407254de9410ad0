from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from alongside.accounts.models import User
from alongside.notifications.models import Notification

if TYPE_CHECKING:
    from alongside.organizations.models import Membership


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user: User, limit: int = 50) -> QuerySet[Notification]:
    """A person only ever sees their own notifications."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit]


def api_notifications_for_member(*, viewer: Membership, limit: int = 50) -> QuerySet[Notification]:
    """The viewer's own notifications in the organization they are acting in (and those of no
    organization), newest first. A token for one organization shows nothing of another."""
    return (
        Notification.objects.filter(recipient_id=viewer.user_id)
        .filter(Q(organization_id=viewer.organization_id) | Q(organization__isnull=True))
        .order_by("-created_at", "-id")[:limit]
    )
