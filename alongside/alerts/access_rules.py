"""Access rules for alerts: the participant's current matched mentor and that mentor's
supervisor, and anyone the alert's escalation told as the on-call person or an admin (that
alert only, never the participant's record). Not the participant, not other admins."""

from __future__ import annotations

from django.db.models import Q

from alongside.access import policy
from alongside.access.registry import Condition, registry, viewer_role
from alongside.alerts.models import STEPS_GRANTING_ACCESS, Alert, EscalationStep
from alongside.organizations.models import Membership, Role

_ESCALATED_TO_VIEWER = viewer_role(Role.MENTOR, Role.SUPERVISOR, Role.ADMIN) & Condition(
    policy.is_escalation_recipient,
    lambda v: Q(pk__in=EscalationStep.objects.filter(recipient=v, step__in=STEPS_GRANTING_ACCESS).values("alert_id")),
    "told by the alert's escalation",
)
registry.register(
    Alert,
    policy.ALERT_RESPOND,
    policy.participant_condition(policy.ALERT_RESPOND).via("participant", Membership) | _ESCALATED_TO_VIEWER,
)
