"""The safety plan, declared as a participant record type: read by anyone but the participant
only while they share it; so are the support contacts on it."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alongside.access import policy
from alongside.access.records import RecordType, declare
from alongside.access.registry import Condition, field_equals
from alongside.safety.models import SafetyPlan, SupportContact

declare(
    RecordType(
        model=SafetyPlan,
        label=_("Safety plan (if shared)"),
        participant_url="safety:plan",
        carer_url="safety:participant_plan",
        shared_as=_("your safety plan, if you share it"),
        readable=field_equals("shared_with_mentor", True),
        order=35,
    )
)


def _plan_shared(participant_id: int) -> bool:
    return SafetyPlan.objects.filter(participant_id=participant_id, shared_with_mentor=True).exists()


_ON_A_SHARED_PLAN = Condition(
    lambda v, contact: _plan_shared(contact.participant_id),
    lambda v: Q(participant__safety_plan__shared_with_mentor=True),
    "on a shared safety plan",
)
policy.record_rule(SupportContact, readable=_ON_A_SHARED_PLAN)
