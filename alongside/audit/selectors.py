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


def audit_log_for_organization(*, viewer: Membership, action_prefix: str = "") -> QuerySet[AuditEntry]:
    policy.authorize(viewer, policy.ORG_VIEW_AUDIT, viewer.organization)
    entries = AuditEntry.objects.filter(organization=viewer.organization)
    if action_prefix:
        entries = entries.filter(action__startswith=action_prefix)
    return entries.order_by("-occurred_at", "-id")
