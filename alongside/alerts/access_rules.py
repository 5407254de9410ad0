"""Access rules for alerts: the participant's current matched mentor and that mentor's
supervisor, and anyone the alert's escalation told as the on-call person or an admin (that
alert only, never the participant's record). Not the participant, not other admins.

Also the rule for a participant's phone number (``policy.PARTICIPANT_VIEW_PHONE``, on the
participant's Membership), since it follows an open crisis alert's escalation."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from alongside.access import policy
from alongside.access.registry import Condition, registry, viewer_role
from alongside.alerts.models import OPEN_STATUSES, STEPS_GRANTING_ACCESS, Alert, AlertSeverity, EscalationStep
from alongside.organizations.models import Membership, Role


def is_escalation_recipient(viewer: Membership, alert: Any) -> bool:
    """The alert's escalation told this person about it as the on-call person or an admin (at
    any step so far; the mentor and supervisor steps follow the match instead)."""
    return EscalationStep.objects.filter(alert=alert, recipient=viewer, step__in=STEPS_GRANTING_ACCESS).exists()


def _open_crisis_steps(viewer: Membership) -> QuerySet[EscalationStep]:
    return EscalationStep.objects.filter(
        recipient=viewer, alert__severity=AlertSeverity.CRISIS, alert__status__in=OPEN_STATUSES
    )


def _reached_for_open_crisis(viewer: Membership, participant: Membership) -> bool:
    """The escalation of a crisis alert about this participant, not yet resolved, told this person."""
    return _open_crisis_steps(viewer).filter(alert__participant=participant).exists()


REACHED_FOR_OPEN_CRISIS = Condition(
    _reached_for_open_crisis,
    lambda v: Q(pk__in=_open_crisis_steps(v).values("alert__participant_id")),
    "reached for an open crisis",
)

_ESCALATED_TO_VIEWER = viewer_role(Role.MENTOR, Role.SUPERVISOR, Role.ADMIN) & Condition(
    is_escalation_recipient,
    lambda v: Q(pk__in=EscalationStep.objects.filter(recipient=v, step__in=STEPS_GRANTING_ACCESS).values("alert_id")),
    "told by the alert's escalation",
)
registry.register(
    Alert,
    policy.ALERT_RESPOND,
    policy.participant_condition(policy.ALERT_RESPOND).via("participant", Membership) | _ESCALATED_TO_VIEWER,
)

# A participant's phone number: their matched mentor, and a mentor or supervisor an open crisis
# alert's escalation reached (see ``policy.PARTICIPANT_VIEW_PHONE``).
registry.register(
    Membership,
    policy.PARTICIPANT_VIEW_PHONE,
    policy.IS_PARTICIPANT
    & (policy.MATCHED_MENTOR | (viewer_role(Role.MENTOR, Role.SUPERVISOR) & REACHED_FOR_OPEN_CRISIS)),
    subject=lambda participant: participant,
)
