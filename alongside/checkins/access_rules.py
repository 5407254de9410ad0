"""Check-ins, declared as a participant record type; the participant's own trigger labels
are read with them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.access import policy
from alongside.access.records import RecordType, declare
from alongside.checkins.models import CheckIn, PersonalTrigger

declare(
    RecordType(
        model=CheckIn,
        label=_("Check-ins"),
        participant_url="checkins:checkin",
        nav_label=_("Check in"),
        carer_url="checkins:participant_history",
        shared_as=_("your check-ins (mood, cravings, sleep)"),
        order=10,
    )
)
policy.record_rule(PersonalTrigger)
