from __future__ import annotations

from django.db.models import Q, QuerySet

from alongside.notifications.models import Notification
from alongside.organizations.models import Membership


def _for_member(viewer: Membership) -> QuerySet[Notification]:
    """The viewer's own notifications in the organization they are acting in, and those of no
    organization (account notices). A person in two organizations sees each separately."""
    return Notification.objects.filter(recipient_id=viewer.user_id).filter(
        Q(organization_id=viewer.organization_id) | Q(organization__isnull=True)
    )


def unread_count(*, viewer: Membership) -> int:
    return _for_member(viewer).filter(read_at__isnull=True).count()


def notifications_for(*, viewer: Membership, limit: int = 50) -> QuerySet[Notification]:
    return _for_member(viewer).order_by("-created_at", "-id")[:limit]
