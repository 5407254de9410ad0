"""Reads for a person's own account pages."""

from __future__ import annotations

from django.db.models import QuerySet

from alongside.access import policy
from alongside.audit.models import AuditEntry
from alongside.organizations.models import Membership


def views_of_my_information(*, viewer: Membership) -> QuerySet[AuditEntry]:
    """What other people did with the viewer's own information (the participant's "who looked")."""
    policy.authorize(viewer, policy.PARTICIPANT_VIEW_ACCESS_LOG, viewer)
    return (
        AuditEntry.objects.filter(subject=viewer)
        .exclude(actor=viewer.user)
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )
