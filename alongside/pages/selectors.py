from __future__ import annotations

from typing import Any

from alongside.access import policy
from alongside.organizations.models import Invitation, Membership, Role
from alongside.organizations.selectors import current_match


def home_context(*, viewer: Membership) -> dict[str, Any]:
    """What each role sees first. Everything comes through the policy's scoped querysets."""
    context: dict[str, Any] = {}
    if viewer.role == Role.PARTICIPANT:
        match = current_match(participant=viewer)
        profile = getattr(viewer, "participant_profile", None)
        from alongside.checkins.selectors import checkin_for_today

        context.update(
            match=match,
            profile=profile,
            needs_sharing_notice=profile is None or profile.sharing_explained_at is None,
            checked_in_today=checkin_for_today(participant=viewer) is not None,
        )
    elif viewer.role == Role.MENTOR:
        from alongside.alerts.selectors import open_crises_for_viewer

        participants = list(
            policy.visible_participants(viewer)
            .select_related("user", "program", "participant_profile")
            .order_by("user__display_name")
        )
        # A crisis first: each person with the most urgent of their crisis alerts (if any).
        crises = open_crises_for_viewer(viewer=viewer)
        crisis_of: dict[int, Any] = {}
        for alert in crises:
            crisis_of.setdefault(alert.participant_id, alert)
        context["crises"] = crises
        context["participants"] = participants
        context["people"] = sorted(((p, crisis_of.get(p.pk)) for p in participants), key=lambda pair: pair[1] is None)
    elif viewer.role == Role.SUPERVISOR:
        context["mentors"] = (
            policy.visible_mentors(viewer).select_related("user", "program").order_by("user__display_name")
        )
        context["participants"] = (
            policy.visible_participants(viewer).select_related("user", "program").order_by("user__display_name")
        )
    elif viewer.role == Role.ADMIN:
        members = Membership.objects.filter(organization=viewer.organization, is_active=True)
        context["counts"] = {role: members.filter(role=role).count() for role in Role.values}
        context["programs"] = viewer.organization.programs.all()
        context["pending_invitations"] = Invitation.objects.filter(
            organization=viewer.organization, accepted_at__isnull=True, revoked_at__isnull=True
        ).count()
    return context
